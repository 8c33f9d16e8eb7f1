# GMPL formulation of examples/lp-allocation.model (the teaching example), written independently for glpsol.
# abate: examples/lp-allocation.model
set R;
param cost{R};
param cap{R};
param emissions{R};
table regions IN "CSV" "../../../examples/data/regions.csv": R <- [region], cost, cap, emissions;
param target := 120;
param max_share := 0.15;

var abate{r in R} >= 0, <= cap[r];
minimize total_cost: sum{r in R} cost[r] * abate[r];
s.t. national: sum{r in R} abate[r] >= target;
s.t. share{r in R}: abate[r] <= max_share * emissions[r];
solve;
end;
