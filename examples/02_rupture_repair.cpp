// Teaching example 2: session-by-session SRS totals of two synthetic clients (the caseload of
// examples/data/srs_caseload.csv), the alerts a feedback system would raise, and the
// rupture-repair episodes found by a fully stated V-episode rule. Anna's rupture is repaired;
// Ben's is not. Its output is checked against 02_rupture_repair.output; the walkthrough in
// examples/walkthrough.md does the same from the command line.
#include <alliance/core.hpp>
#include <alliance/tracking.hpp>

#include <cstdio>
#include <string>
#include <vector>

using namespace alliance;
using namespace alliance::tracking;

namespace {

series client_of(const char* name, const std::vector<double>& totals) {
    std::vector<administration> sessions;
    for (std::size_t s = 0; s < totals.size(); ++s) sessions.push_back({static_cast<double>(s + 1), totals[s]});
    return series(name, sessions, direction::higher_is_better);  // SRS: a fall is a worse alliance
}

std::string signed_text(double value) {
    char text[16];
    std::snprintf(text, sizeof text, "%+.1f", value);
    return text;
}

void show(const series& client, const v_episode_rule& rule) {
    std::printf("%s\n  session  total  change  alerts\n", client.client().c_str());
    // Alerts from the PCOMS/OpenFIT dashboard: total below 36, and a drop of 1 point or more.
    const auto below = evaluate(client, below_cutoff{instruments::srs_total_cutoff});
    const auto drop = evaluate(client, openfit_srs_drop_alert(previous_policy::last_scored));
    const auto change = changes(client);
    for (std::size_t i = 0; i < client.size(); ++i) {
        const administration& a = client.sessions()[i];
        char line[96];
        std::snprintf(line, sizeof line, "  %7.0f  %5.1f  %6s  %s%s", a.session, *a.score,
                      change[i].from_previous ? signed_text(*change[i].from_previous).c_str() : "",
                      below[i] ? "below-36 " : "", drop[i] ? "drop" : "");
        std::string text = line;
        text.erase(text.find_last_not_of(' ') + 1);
        std::printf("%s\n", text.c_str());
    }

    const episode_analysis found = find_episodes(client, rule);
    std::printf("  SD used %.3f, so a rupture is a fall of at least %.3f points\n", *found.sd, *found.threshold);
    for (const episode& e : found.episodes) {
        std::printf("  episode %d: from %.1f at session %.0f down to %.1f at session %.0f (%.1f points, %.2f SD): %s",
                    e.id, e.reference, e.onset_session, e.reference - e.depth, e.rupture_session, e.depth,
                    e.depth_in_sd, std::string(to_string(e.status)).c_str());
        if (e.repair_session) std::printf(" at session %.0f, %d session(s) later", *e.repair_session, *e.sessions_to_repair);
        std::printf("\n");
    }
    std::printf("  client pattern: %s\n\n", std::string(to_string(classify(found, pattern_rule::any_unrepaired))).c_str());
}

}  // namespace

int main() {
    // Every parameter is stated: the papers fix only k (docs/tracking.md).
    v_episode_rule rule;
    rule.k = stiles_2004_k;                                  // 2 SD (Stiles et al. 2004)
    rule.basis = sd_basis::stricter_of_within_and_external;  // Gumz et al. (2012)
    rule.external_sd = 2.5;          // a between-client SD of SRS totals: invented for this example
    rule.reference = reference_level::previous_session;
    rule.max_decline_sessions = 1;   // a fall between adjacent sessions
    rule.repair_window = 3;          // back within three scored sessions
    rule.target = repair_target::pre_rupture_score;
    rule.repair_margin = 0;          // all the way back
    rule.min_sessions = 4;

    show(client_of("anna", {37.0, 38.0, 38.5, 29.5, 37.5, 38.8, 39.0}), rule);
    show(client_of("ben", {37.5, 38.0, 37.0, 28.5, 30.0, 31.5, 30.5}), rule);
}
