// Everything the tiers hold (alliance::alliance): the core (alliance/core.hpp), the statistics
// (alliance/stats.hpp, Boost.Math), key files (alliance/key_file.hpp, nlohmann/json), the plots
// and the table layer's statistics requests. A program that needs less includes its tier's
// header and links its tier's target.
#pragma once

#include "alliance/core.hpp"
#include "alliance/key_file.hpp"
#include "alliance/plot.hpp"
#include "alliance/stats.hpp"
#include "alliance/table/change.hpp"
#include "alliance/table/compare.hpp"
#include "alliance/table/compare_options.hpp"
#include "alliance/table/reliability.hpp"
#include "alliance/table/split.hpp"
