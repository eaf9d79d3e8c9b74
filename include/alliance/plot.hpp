// Self-contained SVG plots: a client's trajectory with ruptures and repairs, the
// Jacobson-Truax change plot, and the members' trajectories of a split alliance. The change
// plot (plot/change_scatter.hpp) uses the statistics headers (Boost.Math); the others need no Boost.
#pragma once

#include "alliance/plot/change_scatter.hpp"
#include "alliance/plot/split.hpp"
#include "alliance/plot/svg.hpp"
#include "alliance/plot/trajectory.hpp"
