// Session-by-session tracking: series, alerts, rupture-repair episodes. Uses the statistics
// headers (Boost.Math) for the reliable-drop rule.
#pragma once

#include "alliance/tracking/episodes.hpp"
#include "alliance/tracking/rules.hpp"
#include "alliance/tracking/series.hpp"
#include "alliance/tracking/track.hpp"
