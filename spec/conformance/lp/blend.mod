# GMPL formulation of blend.model (an LP with ranged and equality constraints), for glpsol.
# A ranged constraint lo <= expr <= hi is one row with two bounds; its dual is that row's marginal.
# abate: spec/conformance/lp/blend.model
set P;
set Q;
set USE dimen 2;
param profit{P};
param upper{P};
param low{Q};
param high{Q};
param use{USE};
table products IN "CSV" "data/products.csv": P <- [product], profit, upper;
table resources IN "CSV" "data/resources.csv": Q <- [resource], low, high;
table usage IN "CSV" "data/usage.csv": USE <- [resource, product], use;

var y{p in P} >= 0, <= upper[p];
maximize margin: sum{p in P} profit[p] * y[p];
s.t. band{q in Q}: low[q] <= sum{p in P} use[q, p] * y[p] <= high[q];
s.t. total: sum{p in P} y[p] = 100;
s.t. balance: y['a'] - 2 * y['c'] >= 0;
solve;
end;
