# GMPL formulation of build.model (a MILP: which sites to build, and the flows), for glpsol.
# abate: spec/conformance/lp/build.model
set S;
set C;
set LINKS dimen 2;
param fixed{S};
param capacity{S};
param demand{C};
param cost{LINKS};
table sites IN "CSV" "data/sites.csv": S <- [site], fixed, capacity;
table cities IN "CSV" "data/cities.csv": C <- [city], demand;
table links IN "CSV" "data/links.csv": LINKS <- [site, city], cost;

var open{s in S} binary;
var flow{s in S, c in C} >= 0;
minimize total: sum{s in S} fixed[s] * open[s] + sum{s in S, c in C} cost[s, c] * flow[s, c];
s.t. serve{c in C}: sum{s in S} flow[s, c] >= demand[c];
s.t. limit{s in S}: sum{c in C} flow[s, c] <= capacity[s] * open[s];
solve;
end;
