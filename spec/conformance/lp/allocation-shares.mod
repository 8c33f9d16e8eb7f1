# GMPL formulation of allocation-shares.model: the teaching example with a 12 % share limit, which binds.
# abate: spec/conformance/lp/allocation-shares.model
set R;
param cost{R};
param cap{R};
param emissions{R};
table regions IN "CSV" "../../../examples/data/regions.csv": R <- [region], cost, cap, emissions;

var abate{r in R} >= 0, <= cap[r];
minimize total_cost: sum{r in R} cost[r] * abate[r];
s.t. national: sum{r in R} abate[r] >= 120;
s.t. share{r in R}: abate[r] <= 0.12 * emissions[r];
solve;
end;
