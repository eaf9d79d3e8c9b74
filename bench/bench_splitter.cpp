// What splitting the input into chunks costs the main thread of `alliance score --threads N`
// (tools/alliance/io/csv_splitter.hpp), on the kind of file bench/score-throughput.sh generates
// (1,000,000 records of about 46 bytes: client, session, date, item1..item12 on 1..5, about 1 in
// 50 answers empty; no quotes, LF line ends), held in memory and read 1 MB at a time as the
// driver reads a file. The chunks are given back to the splitter as the driver's workers do.
//   split/131072/0   chunks of 128 KB (the driver's default)
//   split/524288/0   chunks of 512 KB
//   split/131072/1   the same file with CRLF line ends
//   split/131072/2   the same file with LF line ends and the client ids quoted
//   build/release/bench/bench_splitter --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <utility>

#include "io/csv_reader.hpp"
#include "io/csv_splitter.hpp"

namespace {

namespace cli = alliance::cli;
constexpr std::size_t items = 12;
constexpr std::size_t rows = 1000000;

// The same shape as bench/score-throughput.sh's file (not the same bytes: another generator).
std::string make_file(const char* line_end, bool quoted) {
    std::mt19937 rng(20240611);
    std::uniform_int_distribution<int> answer(1, 5);
    std::uniform_int_distribution<int> blank(0, 49);
    std::string text = "client,session,date";
    for (std::size_t i = 1; i <= items; ++i) text += ",item" + std::to_string(i);
    text += line_end;
    for (std::size_t r = 1; r <= rows; ++r) {
        char head[64];
        std::snprintf(head, sizeof head,
                      quoted ? "\"c%07zu\",%zu,2024-%02zu-%02zu" : "c%07zu,%zu,2024-%02zu-%02zu", r,
                      r % 20 + 1, r / 28 % 12 + 1, r % 28 + 1);
        text += head;
        for (std::size_t i = 0; i < items; ++i) {
            text += ',';
            if (blank(rng) != 0) text += static_cast<char>('0' + answer(rng));
        }
        text += line_end;
    }
    return text;
}

const std::string& file(std::int64_t kind) {
    static const std::string lf = make_file("\n", false);
    static const std::string cr_lf = make_file("\r\n", false);
    static const std::string quoted = make_file("\n", true);
    return kind == 0 ? lf : kind == 1 ? cr_lf : quoted;
}

void split(benchmark::State& state) {
    const auto target = static_cast<std::size_t>(state.range(0));
    const std::string& text = file(state.range(1));
    std::size_t chunks = 0;
    for (auto _ : state) {
        cli::memory_source source(text);
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
        benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(text.size()) / 1e6,
                           benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(split)
    ->Args({std::int64_t{1} << 17, 0})
    ->Args({std::int64_t{1} << 19, 0})
    ->Args({std::int64_t{1} << 17, 1})
    ->Args({std::int64_t{1} << 17, 2})
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
