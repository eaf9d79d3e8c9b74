// Self-contained SVG plots: a client's trajectory with ruptures and repairs, and the
// Jacobson-Truax change plot. Uses the statistics headers (Boost.Math).
#pragma once

#include "alliance/plot/change_scatter.hpp"
#include "alliance/plot/svg.hpp"
#include "alliance/plot/trajectory.hpp"
