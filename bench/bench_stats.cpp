// Benchmarks of the statistics: the batch reliable-change path (the per-client work a driver
// does for a whole clinic) and the Crawford-Garthwaite interval (two root searches on the
// non-central t CDF). Run from a Release build:
//   cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DALLIANCE_BUILD_BENCH=ON
//   cmake --build build/release --target bench_stats && build/release/bench/bench_stats
#include <benchmark/benchmark.h>

#include <alliance/stats.hpp>

#include <cstdint>
#include <random>
#include <vector>

using namespace alliance::stats;
using alliance::norm;

namespace {

std::vector<score_pair> synthetic_pairs(std::size_t n) {
    std::mt19937_64 engine(20240611);
    std::normal_distribution<double> pre(70, 15), change(12, 10);
    std::vector<score_pair> pairs(n);
    for (auto& pair : pairs) {
        pair.pre = pre(engine);
        pair.post = pair.pre + change(engine);
    }
    return pairs;
}

void batch(benchmark::State& state, rc_method method) {
    const auto pairs = synthetic_pairs(static_cast<std::size_t>(state.range(0)));
    const auto parameters = complete_from_sample(method, {.reliability = 0.85, .reliability_post = 0.85}, pairs).parameters;
    const reliable_change_index rci(method, parameters, direction::higher_is_better);
    for (auto _ : state) {
        auto results = reliable_change(rci, pairs);
        benchmark::DoNotOptimize(results.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_reliable_change_batch_jt(benchmark::State& state) { batch(state, rc_method::jacobson_truax); }
void BM_reliable_change_batch_ha(benchmark::State& state) { batch(state, rc_method::hageman_arrindell); }
void BM_reliable_change_batch_mcsweeny(benchmark::State& state) { batch(state, rc_method::mcsweeny); }

// Estimating parameters from the sample and building the index: done once per analysis.
void BM_complete_and_build_index(benchmark::State& state) {
    const auto pairs = synthetic_pairs(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        const auto completed = complete_from_sample(rc_method::hageman_arrindell, {.reliability = 0.85}, pairs);
        const reliable_change_index rci(rc_method::hageman_arrindell, completed.parameters, direction::higher_is_better);
        benchmark::DoNotOptimize(rci.standard_error());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_crawford_howell(benchmark::State& state) {
    const norm controls{.n = 15, .mean = 50, .sd = 10};
    double score = 30;
    for (auto _ : state) {
        benchmark::DoNotOptimize(crawford_howell(controls, score));
        score = score == 30 ? 30.5 : 30;
    }
}

void BM_crawford_garthwaite(benchmark::State& state) {
    const norm controls{.n = static_cast<int>(state.range(0)), .mean = 50, .sd = 10};
    double score = 30;
    for (auto _ : state) {
        benchmark::DoNotOptimize(crawford_garthwaite(controls, score));
        score = score == 30 ? 30.5 : 30;
    }
}

// Monte Carlo: the Bayesian test for a deficit and the Bayesian standardised difference test,
// state.range(0) draws each.
void BM_bayesian_deficit_test(benchmark::State& state) {
    const norm controls{.n = 15, .mean = 50, .sd = 10};
    const monte_carlo mc{static_cast<std::size_t>(state.range(0)), 1};
    for (auto _ : state) benchmark::DoNotOptimize(bayesian_deficit_test(controls, 30, mc));
}

void BM_bayesian_standardized_difference_test(benchmark::State& state) {
    const norm a{.n = 20, .mean = 0, .sd = 1}, b{.n = 20, .mean = 0, .sd = 1};
    const monte_carlo mc{static_cast<std::size_t>(state.range(0)), 1};
    for (auto _ : state)
        benchmark::DoNotOptimize(bayesian_standardized_difference_test(a, b, 0.68, -3.857, -1.875, mc));
}

void BM_normative_equivalence(benchmark::State& state) {
    for (auto _ : state)
        benchmark::DoNotOptimize(normative_equivalence({8, 5, 95}, {7, 3, 500}, 3.0, variance_model::welch));
}

void BM_scale_reliability(benchmark::State& state) {
    std::mt19937_64 engine(7);
    std::normal_distribution<double> noise(0, 1);
    const auto n = static_cast<std::size_t>(state.range(0));
    const std::size_t k = 12;
    std::vector<double> values(n * k);
    for (std::size_t r = 0; r < n; ++r) {
        const double f = noise(engine);
        for (std::size_t c = 0; c < k; ++c) values[r * k + c] = 3 + f + noise(engine);
    }
    const item_matrix items(n, k, values);
    for (auto _ : state) benchmark::DoNotOptimize(scale_reliability(items).alpha);
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_intraclass_correlations(benchmark::State& state) {
    std::mt19937_64 engine(8);
    std::normal_distribution<double> noise(0, 1);
    const auto n = static_cast<std::size_t>(state.range(0));
    const std::size_t k = 4;
    std::vector<double> values(n * k);
    for (std::size_t r = 0; r < n; ++r) {
        const double t = 5 * noise(engine);
        for (std::size_t c = 0; c < k; ++c) values[r * k + c] = t + static_cast<double>(c) + noise(engine);
    }
    const item_matrix ratings(n, k, values);
    for (auto _ : state) benchmark::DoNotOptimize(intraclass_correlations(ratings).estimates[1].value);
}

}  // namespace

BENCHMARK(BM_reliable_change_batch_jt)->Arg(1000)->Arg(100000);
BENCHMARK(BM_reliable_change_batch_ha)->Arg(1000)->Arg(100000);
BENCHMARK(BM_reliable_change_batch_mcsweeny)->Arg(100000);
BENCHMARK(BM_complete_and_build_index)->Arg(1000)->Arg(100000);
BENCHMARK(BM_crawford_howell);
BENCHMARK(BM_crawford_garthwaite)->Arg(15)->Arg(120)->Arg(1000);
BENCHMARK(BM_bayesian_deficit_test)->Arg(10000)->Arg(100000);
BENCHMARK(BM_bayesian_standardized_difference_test)->Arg(10000)->Arg(100000);
BENCHMARK(BM_normative_equivalence);
BENCHMARK(BM_scale_reliability)->Arg(200)->Arg(10000);
BENCHMARK(BM_intraclass_correlations)->Arg(30)->Arg(1000);

BENCHMARK_MAIN();
