// The core tier (alliance::core): scoring, the built-in instruments and what is published about
// them, explanations, batch scoring, tracking and the table layer's core; no Boost and no
// nlohmann/json, fast to compile. The statistics live under alliance/stats/ (alliance/stats.hpp,
// Boost.Math), key files in alliance/key_file.hpp (nlohmann/json); alliance/alliance.hpp is all.
#pragma once

#include "alliance/batch.hpp"
#include "alliance/catalogue.hpp"
#include "alliance/cutoff.hpp"
#include "alliance/definition.hpp"
#include "alliance/error.hpp"
#include "alliance/explain.hpp"
#include "alliance/instrument.hpp"
#include "alliance/instruments/ors.hpp"
#include "alliance/instruments/srs.hpp"
#include "alliance/instruments/wai_sr.hpp"
#include "alliance/missing_rule.hpp"
#include "alliance/published.hpp"
#include "alliance/response.hpp"
#include "alliance/response_scale.hpp"
#include "alliance/runtime_instrument.hpp"
#include "alliance/score.hpp"
#include "alliance/table.hpp"
#include "alliance/tracking.hpp"
#include "alliance/version.hpp"
