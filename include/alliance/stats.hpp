// The statistics part of alliance: reliable change, clinical significance, normative and
// single-case comparison, reliability and agreement (tier alliance::stats). Needs Boost.Math
// (headers only) for its distributions: agreement, bayesian_single_case, clinical_significance,
// equivalence, norm, normal_quantile, reliability, single_case and split. critical_value,
// descriptive, direction, interval, item_matrix, measurement_error and reliable_change need no
// Boost (the core's tracking uses them); the scoring core (alliance/core.hpp) has none.
// See docs/statistics.md.
#pragma once

#include "alliance/stats/agreement.hpp"
#include "alliance/stats/bayesian_single_case.hpp"
#include "alliance/stats/clinical_significance.hpp"
#include "alliance/stats/critical_value.hpp"
#include "alliance/stats/descriptive.hpp"
#include "alliance/stats/direction.hpp"
#include "alliance/stats/equivalence.hpp"
#include "alliance/stats/interval.hpp"
#include "alliance/stats/item_matrix.hpp"
#include "alliance/stats/measurement_error.hpp"
#include "alliance/stats/norm.hpp"
#include "alliance/stats/normal_quantile.hpp"
#include "alliance/stats/reliability.hpp"
#include "alliance/stats/reliable_change.hpp"
#include "alliance/stats/single_case.hpp"
#include "alliance/stats/split.hpp"
