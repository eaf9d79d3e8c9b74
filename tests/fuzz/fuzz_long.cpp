// libFuzzer target: long input (one row per answer) against the same data wide. From the bytes
// it builds a wide table of records (distinct client/session keys, every cell picked from a
// palette: answers in and out of range, missing codes, text that is no answer) and its long
// form (a row per cell; a missing cell left out or written; items by number or by name; rows
// in record order or shuffled, or each record's rows shuffled among themselves), and scores:
//   - the wide CSV with `alliance score --id client --keep session` (score_csv),
//   - the long CSV with `alliance score --long --record client,session` (score_long_csv: the
//     grouped pass on one thread, or on two with chunk edges everywhere; the sorted pass with a
//     tiny sort budget so that the sorts spill; the output held back or written through),
//   - the long rows as text columns with the table layer's group_long + score_long (what the
//     Python and R packages call).
// Checks, beyond "no crash, no sanitizer report": each record's row is in the order of its
// first long row, and has exactly the wide row's cells (every score, count and status, and the
// message of an ok or partial row; an error row is an error row in each); the table layer's
// numbers print as the command line's cells. A grouping that puts an answer at the wrong item,
// the wrong record, or drops or repeats one, changes some score and is caught.
//
// Input: byte 0 picks the instrument and the threads, byte 1 the layout; the rest are the cells,
// record by record.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <alliance/catalogue.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/table/long_format.hpp>
#include <alliance/table/score_table.hpp>

#include "commands/score.hpp"
#include "commands/score_long.hpp"
#include "io/csv_reader.hpp"
#include "io/output.hpp"
#include "long_input.hpp"

namespace {

using namespace alliance;
using namespace alliance::cli;

// Instruments of each kind of response scale: Likert 1..5 (wai-sr), 0..4 with two reversed
// items and proration (core-10), 0..10 lines in tenths (srs), "does not apply" offered (care).
const std::vector<runtime_instrument>& fuzzed_instruments() {
    static const std::vector<runtime_instrument> all = [] {
        std::vector<runtime_instrument> list;
        for (const char* id : {"wai-sr", "core-10", "srs", "care"}) list.push_back(*builtin_instrument(id));
        return list;
    }();
    return all;
}

// A cell's text from a byte: mostly answers on the scale, sometimes missing, "does not apply",
// out of range, not a whole point, or no answer at all.
std::string cell_text(std::uint8_t byte, const runtime_instrument& instrument) {
    const response_scale& scale = instrument.response_format();
    const double low = scale.min, high = scale.max;
    switch (byte % 16) {
    case 0: return "";
    case 1: return "NA";
    case 2: return "N/A";
    case 3: return alliance::detail::format_number(high + 1);
    case 4: return "x";
    case 5: return alliance::detail::format_number(low + 0.5);
    case 6: return " " + alliance::detail::format_number(low) + " ";
    default: {
        // A whole point, or on a finer scale a point and a tenth (7.3 on a 0..10 line).
        const auto points = static_cast<unsigned>(high - low) + 1;
        const double whole = low + static_cast<double>((byte / 16u) % points);
        const double tenth = scale.resolution < 1 && whole < high ? 0.1 * static_cast<double>(byte % 7) : 0;
        return alliance::detail::format_number(whole + tenth);
    }
    }
}

struct cells {
    std::vector<std::vector<std::string>> rows;  // header first
};

cells read_csv(std::string_view text) {
    memory_source source(text);
    csv_reader reader(source, {}, csv_limits{4096, 1u << 20});
    cells out;
    while (reader.next()) {
        std::vector<std::string> row;
        for (const std::string_view field : reader.fields()) row.emplace_back(field);
        out.rows.push_back(std::move(row));
    }
    return out;
}

std::uint64_t next(std::uint64_t& state) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const runtime_instrument& instrument = fuzzed_instruments()[data[0] % fuzzed_instruments().size()];
    // 0: one thread; else the grouped pass on two threads, the input cut into chunks of about 1,
    // 23 or 300 bytes, so that chunk edges fall inside records and between them.
    const int split = (data[0] >> 2) & 0x03;
    const std::uint8_t layout = data[1];
    const bool by_name = (layout & 0x01) != 0;        // item cells hold names (--items q{})
    const bool leave_out = (layout & 0x02) != 0;      // a missing cell is no row at all
    const int order = (layout >> 2) & 0x03;           // 0 record order, 1 shuffled, 2 items shuffled in records
    const bool hold = (layout & 0x10) != 0;           // output held back, not written through
    const bool tiny_sort = (layout & 0x20) != 0;      // the sorts spill to run files
    const bool min_answered = (layout & 0x40) != 0;   // --min-answered 0.5: prorated scales
    const bool classify = (layout & 0x80) != 0;
    const std::size_t k = instrument.item_count();
    const std::size_t records = std::min<std::size_t>((size - 2) / k, 64);
    const std::uint8_t* cell = data + 2;

    score_settings settings;
    settings.limits = csv_limits{4096, 1u << 20};
    settings.codes.missing = {"", "NA"};
    settings.codes.not_applicable = {"N/A"};
    settings.id_column = "client";
    settings.keep_columns = {"session"};
    settings.items = table::item_spec::pattern("item{}");
    if (min_answered) settings.min_answered = 0.5;
    settings.classify = classify;
    settings.threads = split == 0 ? 1 : 2;
    settings.parallel_chunk = split == 1 ? 1 : split == 2 ? 23 : 300;

    // The wide table; record r's key is (c<r / 3>, r % 3 + 1): distinct keys, clients repeated.
    std::string wide = "client,session";
    for (std::size_t i = 1; i <= k; ++i) wide += ",item" + std::to_string(i);
    wide += '\n';
    std::vector<std::vector<std::string>> texts(records);
    struct long_row {
        std::size_t record, item;
    };
    std::vector<long_row> rows;
    for (std::size_t r = 0; r < records; ++r) {
        wide += "c" + std::to_string(r / 3) + "," + std::to_string(r % 3 + 1);
        for (std::size_t i = 0; i < k; ++i) {
            texts[r].push_back(cell_text(cell[r * k + i], instrument));
            wide += "," + texts[r].back();
            if (!(leave_out && texts[r].back().empty())) rows.push_back({r, i});
        }
        wide += '\n';
    }
    // The long rows' order.
    std::uint64_t state = size;
    for (std::size_t b = 0; b < size; ++b) state = (state ^ data[b]) * 1099511628211ULL;
    if (order == 1) {
        for (std::size_t j = rows.size(); j > 1; --j) std::swap(rows[j - 1], rows[next(state) % j]);
    } else if (order == 2) {
        for (std::size_t first = 0; first < rows.size();) {
            std::size_t end = first;
            while (end < rows.size() && rows[end].record == rows[first].record) ++end;
            for (std::size_t j = end - first; j > 1; --j) std::swap(rows[first + j - 1], rows[first + next(state) % j]);
            first = end;
        }
    }
    const auto item_text = [&](std::size_t i) { return (by_name ? "q" : "") + std::to_string(i + 1); };
    std::string long_text = "client,session,item,value\n";
    std::vector<std::size_t> first_seen;  // records in the order of their first long row
    std::vector<bool> seen(records, false);
    for (const long_row& row : rows) {
        long_text += "c" + std::to_string(row.record / 3) + "," + std::to_string(row.record % 3 + 1) + "," +
                     item_text(row.item) + "," + texts[row.record][row.item] + "\n";
        if (!seen[row.record]) {
            seen[row.record] = true;
            first_seen.push_back(row.record);
        }
    }

    // Wide, through the command line.
    const catalogue_entry entry = instrument.entry();
    memory_source wide_source(wide);
    string_sink wide_sink;
    (void)score_csv(instrument, settings, wide_source, wide_sink, nullptr, &entry);
    const cells wide_rows = read_csv(wide_sink.text);

    // Long, through the command line.
    cli::detail::long_settings long_input;
    long_input.layout.record = {"client", "session"};
    if (by_name)
        for (std::size_t i = 0; i < k; ++i) long_input.item_names.push_back("q" + std::to_string(i + 1));
    if (tiny_sort) long_input.sort_budget = 64;
    memory_source first(long_text), second(long_text);
    string_sink long_sink;
    const score_summary summary = cli::detail::score_long_csv(
        instrument, settings, long_input, first, [&]() -> byte_source& { return second; }, long_sink, nullptr,
        &entry, hold);
    const cells long_rows = read_csv(long_sink.text);

    if (summary.rows != first_seen.size() || long_rows.rows.size() != first_seen.size() + 1) __builtin_trap();
    if (wide_rows.rows.size() != records + 1) __builtin_trap();
    if (long_rows.rows[0] != wide_rows.rows[0]) __builtin_trap();  // the same columns
    const std::size_t columns = wide_rows.rows[0].size();
    for (std::size_t n = 0; n < first_seen.size(); ++n) {
        const std::vector<std::string>& from_long = long_rows.rows[n + 1];
        const std::vector<std::string>& from_wide = wide_rows.rows[first_seen[n] + 1];
        if (from_long.size() != columns) __builtin_trap();
        const bool error = from_wide[columns - 2] == "error";
        if ((from_long[columns - 2] == "error") != error) __builtin_trap();
        for (std::size_t c = 0; c + (error ? 1 : 0) < columns; ++c)
            if (from_long[c] != from_wide[c]) __builtin_trap();
        if (error && from_long[columns - 1].empty()) __builtin_trap();
    }

    // Long, through the table layer (as the packages call it), against the command line's cells.
    struct text_rows {
        std::vector<std::string> client, session, item, value;
    } columns_of;
    for (const long_row& row : rows) {
        columns_of.client.push_back("c" + std::to_string(row.record / 3));
        columns_of.session.push_back(std::to_string(row.record % 3 + 1));
        columns_of.item.push_back(item_text(row.item));
        columns_of.value.push_back(texts[row.record][row.item]);
    }
    table::long_request request;
    request.layout.record = {"client", "session"};
    request.items = table::long_items(std::string(instrument.id()), k, long_input.item_names);
    request.codes = settings.codes;
    const table::long_groups groups = table::group_long(
        rows.size(),
        [&](std::size_t r, std::size_t c) -> std::optional<std::string_view> {
            return c == 0 ? columns_of.client[r] : columns_of.session[r];
        },
        [&](std::size_t r) -> std::optional<std::string_view> { return columns_of.item[r]; },
        [&](std::size_t r) -> std::optional<std::string_view> { return columns_of.value[r]; }, request);
    if (groups.records() != first_seen.size()) __builtin_trap();
    const std::size_t n = groups.records(), scales = instrument.scales().size();
    std::vector<double> sums(scales * n), means(scales * n);
    std::vector<std::int64_t> answered(scales * n);
    std::vector<std::int8_t> statuses(scales * n), row_status(n);
    table::score_columns<std::int64_t, std::int8_t> out;
    for (std::size_t s = 0; s < scales; ++s) {
        out.sums.push_back(sums.data() + s * n);
        out.means.push_back(means.data() + s * n);
        out.answered.push_back(answered.data() + s * n);
        out.statuses.push_back(statuses.data() + s * n);
    }
    out.rows = row_status.data();
    out.no_value = std::numeric_limits<double>::quiet_NaN();
    out.no_count = -1;
    out.no_status = -1;
    table::score_request score_request;
    if (min_answered) score_request.missing_override = missing_rule::prorate_min_fraction(0.5, "--min-answered");
    score_request.threads = 1;
    std::map<std::size_t, std::string> messages;
    (void)table::score_long(
        instrument, groups, request, score_request, out,
        [&](std::uint64_t row) { return columns_of.value[row]; },
        [&](std::size_t r, std::string&& text) { messages[r] = std::move(text); });
    const auto printed = [](double x) {
        if (std::isnan(x)) return std::string();
        string_sink sink;
        buffered_writer writer(sink);
        writer.put_number(x);
        writer.flush();
        return sink.text;
    };
    static constexpr const char* status_words[] = {"complete", "prorated", "insufficient"};
    static constexpr const char* row_words[] = {"ok", "partial", "error"};
    for (std::size_t r = 0; r < n; ++r) {
        const std::vector<std::string>& cli_row = long_rows.rows[r + 1];
        if (groups.first_row[r] >= rows.size() || rows[groups.first_row[r]].record != first_seen[r]) __builtin_trap();
        if (cli_row[columns - 2] != row_words[row_status[r]]) __builtin_trap();
        const bool has_message = messages.count(r) != 0;
        if (has_message != (row_status[r] != 0)) __builtin_trap();
        if (row_status[r] == 2) continue;
        if (messages.count(r) != 0 && messages[r] != cli_row[columns - 1]) __builtin_trap();
        for (std::size_t s = 0; s < scales; ++s) {
            const std::size_t at = s * n + r;
            if (cli_row[2 + 4 * s] != printed(sums[at]) || cli_row[3 + 4 * s] != printed(means[at]) ||
                cli_row[4 + 4 * s] != std::to_string(answered[at]) ||
                cli_row[5 + 4 * s] != status_words[statuses[at]])
                __builtin_trap();
        }
    }
    return 0;
}
