// What each part of `alliance score` costs per row, on the kind of file bench/score-throughput.sh
// generates (client, session, date, item1..item12 on 1..5, about 1 in 50 answers empty), held in
// memory and written to a sink that drops the bytes:
//   csv_read        the CSV reader alone (records split into fields)
//   read_responses  fields already split -> responses (trim, codes, numbers)
//   try_score       responses already read -> alliance::try_score
//   write_rows      scores already computed -> table_writer (CSV)
//   score_csv       the whole command, as the driver runs it
//   build/release/bench/bench_driver --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <alliance/catalogue.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "commands/score.hpp"

namespace {

namespace cli = alliance::cli;
constexpr std::size_t items = 12;
constexpr std::size_t rows = 100000;

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
        std::snprintf(head, sizeof head, "c%07zu,%zu,2024-%02zu-%02zu", r, r % 20 + 1, r / 28 % 12 + 1, r % 28 + 1);
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

const alliance::runtime_instrument& wai_sr() {
    static const alliance::runtime_instrument instrument = alliance::to_runtime(alliance::instruments::wai_sr);
    return instrument;
}

class null_sink final : public cli::output_sink {
public:
    void write(std::string_view bytes) override { written += bytes.size(); }
    std::size_t written = 0;
};

void set_rates(benchmark::State& state) {
    const auto processed = static_cast<double>(state.iterations());
    state.counters["rows/s"] = benchmark::Counter(processed * rows, benchmark::Counter::kIsRate);
    state.counters["MB/s"] = benchmark::Counter(processed * static_cast<double>(file().size()) / 1e6,
                                                benchmark::Counter::kIsRate);
}

// Every record's fields, as text (for the stages after the reader).
std::vector<std::string> split_items() {
    std::vector<std::string> fields;
    cli::memory_source source(file());
    cli::csv_reader reader(source);
    (void)reader.next();
    while (reader.next())
        for (std::size_t i = 3; i < reader.size(); ++i) fields.emplace_back(reader[i]);
    return fields;
}

std::vector<alliance::response> read_all(const std::vector<std::string>& fields) {
    const cli::response_reader reader(cli::response_codes{});
    std::vector<alliance::response> responses(fields.size());
    for (std::size_t i = 0; i < fields.size(); ++i) (void)reader.read(cli::trim(fields[i]), responses[i]);
    return responses;
}

void csv_read(benchmark::State& state) {
    for (auto _ : state) {
        cli::memory_source source(file());
        cli::csv_reader reader(source);
        std::size_t fields = 0;
        while (reader.next()) fields += reader.size();
        benchmark::DoNotOptimize(fields);
    }
    set_rates(state);
}

void read_responses(benchmark::State& state) {
    const auto fields = split_items();
    const cli::response_reader reader(cli::response_codes{});
    std::vector<alliance::response> responses(items);
    for (auto _ : state) {
        double total = 0;
        for (std::size_t i = 0; i < fields.size(); ++i) {
            alliance::response& answer = responses[i % items];
            (void)reader.read(cli::trim(fields[i]), answer);
            total += answer.value();
        }
        benchmark::DoNotOptimize(total);
    }
    set_rates(state);
}

void try_score(benchmark::State& state) {
    const auto responses = read_all(split_items());
    const std::span<const alliance::response> all(responses);
    alliance::dynamic_score_set scores(wai_sr().id(), wai_sr().scales().size());
    const alliance::scoring_options options;
    for (auto _ : state) {
        int answered = 0;
        for (std::size_t r = 0; r < rows; ++r)
            if (alliance::try_score(wai_sr(), all.subspan(r * items, items), options, scores))
                answered += scores[3].answered();
        benchmark::DoNotOptimize(answered);
    }
    set_rates(state);
}

void write_rows(benchmark::State& state) {
    const auto responses = read_all(split_items());
    const std::span<const alliance::response> all(responses);
    std::vector<alliance::dynamic_score_set> scored;
    for (std::size_t r = 0; r < rows; ++r) {
        scored.emplace_back(wai_sr().id(), wai_sr().scales().size());
        (void)alliance::try_score(wai_sr(), all.subspan(r * items, items), {}, scored.back());
    }
    std::vector<std::string> columns(3 + 4 * 4 + 2, "c");
    for (auto _ : state) {
        null_sink sink;
        cli::buffered_writer out(sink, std::size_t{1} << 20);
        cli::table_writer table(out, cli::table_format::csv, columns);
        const cli::table_word ok = table.prepare("ok");
        for (const auto& scores : scored) {
            table.text("c0000001");
            table.text("12");
            table.text("2024-01-01");
            for (const alliance::scale_score& scale : scores) cli::detail::put_scale_cells(table, scale);
            table.word(ok);
            table.empty_text();
            table.end_row();
        }
        out.flush();
        benchmark::DoNotOptimize(sink.written);
    }
    set_rates(state);
}

void score_csv(benchmark::State& state) {
    cli::score_settings settings;
    settings.id_column = "client";
    settings.keep_columns = {"session", "date"};
    for (auto _ : state) {
        cli::memory_source source(file());
        null_sink sink;
        const cli::score_summary summary = cli::score_csv(wai_sr(), settings, source, sink);
        benchmark::DoNotOptimize(summary.rows);
        benchmark::DoNotOptimize(sink.written);
    }
    set_rates(state);
}

}  // namespace

BENCHMARK(csv_read)->Unit(benchmark::kMillisecond);
BENCHMARK(read_responses)->Unit(benchmark::kMillisecond);
BENCHMARK(try_score)->Unit(benchmark::kMillisecond);
BENCHMARK(write_rows)->Unit(benchmark::kMillisecond);
BENCHMARK(score_csv)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
