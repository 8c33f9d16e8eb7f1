# GMPL formulation of transport.model, written independently for glpsol (make_fixtures.sh).
# abate: spec/conformance/lp/transport.model
set P;
set M;
set ROUTES dimen 2;
param supply{P};
param demand{M};
param cost{ROUTES};
table plants IN "CSV" "data/plants.csv": P <- [plant], supply;
table markets IN "CSV" "data/markets.csv": M <- [market], demand;
table routes IN "CSV" "data/routes.csv": ROUTES <- [plant, market], cost;

var ship{p in P, m in M} >= 0;
minimize total: sum{p in P, m in M} cost[p, m] * ship[p, m];
s.t. capacity{p in P}: sum{m in M} ship[p, m] <= supply[p];
s.t. need{m in M}: sum{p in P} ship[p, m] >= demand[m];
solve;
end;
