// Session-by-session tracking: series, alerts, rupture-repair episodes. Core tier, no Boost: the
// reliable-drop rule uses alliance/stats/reliable_change.hpp, which needs none (a critical value
// from a confidence level is alliance/stats/normal_quantile.hpp's, Boost.Math, for the caller).
#pragma once

#include "alliance/tracking/episodes.hpp"
#include "alliance/tracking/rules.hpp"
#include "alliance/tracking/series.hpp"
#include "alliance/tracking/track.hpp"
