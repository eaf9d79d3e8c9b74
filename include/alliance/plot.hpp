// Self-contained SVG plots: a client's trajectory with ruptures and repairs, the
// Jacobson-Truax change plot, and the members' trajectories of a split alliance. Uses the
// statistics headers (Boost.Math).
#pragma once

#include "alliance/plot/change_scatter.hpp"
#include "alliance/plot/split.hpp"
#include "alliance/plot/svg.hpp"
#include "alliance/plot/trajectory.hpp"
