// libFuzzer target: `alliance track` (group by client, sort by session through an external
// sort, apply every rule, write per-row or per-client output) on arbitrary bytes. Checks,
// beyond "no crash, no sanitizer report": a run that stops (input_error) writes nothing;
// otherwise the per-row output has one row per input record, and the counts add up.
//
// Input: byte 0 picks the options; the rest is the CSV text (columns client, session, item1).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <alliance/runtime_instrument.hpp>
#include <alliance/stats/normal_quantile.hpp>
#include <alliance/tracking.hpp>

#include "commands/track.hpp"
#include "io/csv_reader.hpp"
#include "io/output.hpp"
#include "../csv_records.hpp"

namespace {

using namespace alliance;
using namespace alliance::cli;
using alliance::test::count_records;

// One item, 0..40 (the score is the answer), as tests/data/keys/track-one-item.json.
const runtime_instrument& one_item() {
    static const runtime_instrument instrument = [] {
        instrument_definition def;
        def.id = "fuzz-one-item";
        def.name = "fuzz";
        def.response_format = likert(0, 40);
        def.item_count = 1;
        def.scales.push_back({"total", {1}, scale_role::total, missing_rule::all_required(), "fuzz", metric::sum});
        return runtime_instrument(def);
    }();
    return instrument;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::uint8_t flags = data[0];
    cli::detail::track_settings settings;
    settings.limits = csv_limits{4096, 1u << 20};
    settings.client_column = "client";
    settings.session_column = "session";
    settings.session_dates = (flags & 0x01) != 0;
    settings.summary = (flags & 0x02) != 0;
    settings.better = (flags & 0x04) != 0 ? tracking::direction::lower_is_better : tracking::direction::higher_is_better;
    settings.sort_budget = (flags & 0x08) != 0 ? 256 : std::size_t{1} << 20;  // small: spill to run files
    const auto previous = (flags & 0x10) != 0 ? tracking::previous_policy::immediately_preceding
                                              : tracking::previous_policy::last_scored;
    settings.rules.below = tracking::below_cutoff{cutoff{"fuzz", "fuzz-one-item", "total", 20, flag_when::below}};
    settings.rules.drop = tracking::drop_alert{2, previous};
    settings.rules.reliable = tracking::reliable_drop{5, 0.8, stats::critical_value::from_confidence(0.95), previous};
    tracking::v_episode_rule rule;
    rule.k = (flags & 0x20) != 0 ? tracking::strauss_2006_k : tracking::stiles_2004_k;
    rule.basis = (flags & 0x40) != 0 ? tracking::sd_basis::within_client : tracking::sd_basis::stricter_of_within_and_external;
    rule.external_sd = 3;
    rule.reference = (flags & 0x80) != 0 ? tracking::reference_level::running_mean : tracking::reference_level::previous_session;
    rule.max_decline_sessions = 2;
    rule.repair_window = 2;
    rule.target = tracking::repair_target::pre_rupture_score;
    rule.repair_margin = 0;
    rule.min_sessions = 2;
    settings.rules.episodes = rule;
    settings.rules.pattern = tracking::pattern_rule::any_unrepaired;

    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    memory_source first(text), second(text);
    string_sink sink;
    score_summary summary;
    try {
        summary = cli::detail::track_table(one_item(), settings, first, [&]() -> byte_source& { return second; }, sink,
                                      nullptr, true, text.size());
    } catch (const input_error&) {
        if (!sink.text.empty()) __builtin_trap();  // exit 2 paths write nothing
        return 0;
    }
    if (summary.ok + summary.partial + summary.errors != summary.rows) __builtin_trap();
    if (!settings.summary) {
        const std::uint64_t records = count_records(text);
        if (records == 0 || summary.rows != records - 1) __builtin_trap();
        if (count_records(sink.text) != summary.rows + 1) __builtin_trap();
    }
    return 0;
}
