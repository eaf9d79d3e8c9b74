// What splitting the input into chunks costs the main thread of `alliance score --threads N`
// (tools/alliance/csv_splitter.hpp), on the kind of file bench/score-throughput.sh generates
// (1,000,000 records of about 46 bytes: client, session, date, item1..item12 on 1..5, about 1 in
// 50 answers empty; no quotes, LF line ends), held in memory and read 1 MB at a time as the
// driver reads a file. The chunks are given back to the splitter as the driver's workers do.
//   split/131072   chunks of 128 KB (the driver's default)
//   split/524288   chunks of 512 KB
//   build/release/bench/bench_splitter --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <utility>

#include "csv_reader.hpp"
#include "csv_splitter.hpp"

namespace {

namespace cli = alliance::cli;
constexpr std::size_t items = 12;
constexpr std::size_t rows = 1000000;

// The same shape as bench/score-throughput.sh's file (not the same bytes: another generator).
std::string make_file() {
    std::mt19937 rng(20240611);
    std::uniform_int_distribution<int> answer(1, 5);
    std::uniform_int_distribution<int> blank(0, 49);
    std::string text = "client,session,date";
    for (std::size_t i = 1; i <= items; ++i) text += ",item" + std::to_string(i);
    text += '\n';
    for (std::size_t r = 1; r <= rows; ++r) {
        char head[64];
        std::snprintf(head, sizeof head, "c%07zu,%zu,2024-%02zu-%02zu", r, r % 20 + 1, r / 28 % 12 + 1,
                      r % 28 + 1);
        text += head;
        for (std::size_t i = 0; i < items; ++i) {
            text += ',';
            if (blank(rng) != 0) text += static_cast<char>('0' + answer(rng));
        }
        text += '\n';
    }
    return text;
}

const std::string& file() {
    static const std::string text = make_file();
    return text;
}

void split(benchmark::State& state) {
    const auto target = static_cast<std::size_t>(state.range(0));
    std::size_t chunks = 0;
    for (auto _ : state) {
        cli::memory_source source(file());
        cli::csv_splitter splitter(source, cli::csv_dialect{}, cli::csv_limits{}, target);
        cli::csv_chunk chunk;
        chunks = 0;
        while (splitter.next(chunk)) {
            ++chunks;
            splitter.recycle(std::move(chunk.bytes));
        }
        benchmark::DoNotOptimize(chunks);
    }
    state.counters["chunks"] = static_cast<double>(chunks);
    state.counters["MB/s"] =
        benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(file().size()) / 1e6,
                           benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(split)->Arg(std::int64_t{1} << 17)->Arg(std::int64_t{1} << 19)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
