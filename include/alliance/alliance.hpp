// Scoring core and the built-in instruments; no Boost, fast to compile. The statistics
// (reliable change, norms, reliability) live under alliance/stats/ and need Boost.Math.
#pragma once

#include "alliance/catalogue.hpp"
#include "alliance/cutoff.hpp"
#include "alliance/definition.hpp"
#include "alliance/error.hpp"
#include "alliance/instrument.hpp"
#include "alliance/instruments/ors.hpp"
#include "alliance/instruments/srs.hpp"
#include "alliance/instruments/wai_sr.hpp"
#include "alliance/missing_rule.hpp"
#include "alliance/response.hpp"
#include "alliance/response_scale.hpp"
#include "alliance/runtime_instrument.hpp"
#include "alliance/score.hpp"
