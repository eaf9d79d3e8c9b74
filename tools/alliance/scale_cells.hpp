// A scale's cells in an output row (sum, mean, answered, status), and the note a row carries
// for each scale that is not complete: what `score` and `track` write for every scale.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <alliance/definition.hpp>
#include <alliance/missing_rule.hpp>
#include <alliance/score.hpp>
#include <alliance/table/score_table.hpp>

#include "io/output.hpp"

namespace alliance::cli::detail {

// One scale's numbers in one output row, from a score set (numbers_of) or from a block's batch
// results: sum and mean are 0 when the scale has no score.
struct scale_numbers {
    double sum = 0;
    double mean = 0;
    int answered = 0;
    score_status status = score_status::insufficient;
    [[nodiscard]] bool has_score() const noexcept { return status != score_status::insufficient; }
};

[[nodiscard]] inline scale_numbers numbers_of(const scale_score& scale) {
    const bool has_score = scale.has_score();
    return {has_score ? scale.sum() : 0.0, has_score ? scale.mean() : 0.0, scale.answered(), scale.status()};
}

// "task prorated: 3 of 4 items answered (rule: prorate if ...)", the note a partial row carries
// for each scale that is not complete. It depends only on the scale, its status and the number
// answered, so each text is built once per run.
class partial_note_cache {
public:
    // `rule_override` (--min-answered) is the rule of every scale for note(index, numbers).
    explicit partial_note_cache(std::span<const scale_entry> scales,
                                std::optional<missing_rule> rule_override = std::nullopt)
        : scales_(scales), rule_override_(std::move(rule_override)), notes_(scales.size()) {
        for (std::size_t s = 0; s < scales.size(); ++s) notes_[s].resize(2 * (scales[s].count + 1));
    }
    struct entry {
        std::string text;
        bool plain = false;  // table_writer::literal may write it
    };
    // The rule named is the one the score carries.
    const entry& note(std::size_t scale_index, const scale_score& scale) {
        return cached_note(scale_index, scale.status(), scale.answered(), [&] { return scale.rule(); });
    }
    // The rule named is the override, or else the scale's own.
    const entry& note(std::size_t scale_index, const scale_numbers& scale) {
        return cached_note(scale_index, scale.status, scale.answered, [&]() -> const missing_rule& {
            return rule_override_ ? *rule_override_ : scales_[scale_index].missing;
        });
    }

private:
    template <class RuleOf>
    const entry& cached_note(std::size_t scale_index, score_status status, int answered, RuleOf rule_of) {
        entry& cached = notes_[scale_index][2 * static_cast<std::size_t>(answered) +
                                            (status == score_status::prorated ? 1 : 0)];
        if (cached.text.empty()) {  // the table layer's note, as in Python and R
            cached.text = table::partial_note(scales_[scale_index], status, answered, rule_of());
            cached.plain = table_writer::needs_no_escaping(cached.text);
        }
        return cached;
    }

    std::span<const scale_entry> scales_;
    std::optional<missing_rule> rule_override_;
    std::vector<std::vector<entry>> notes_;  // [scale][2 * answered + prorated]
};

// A scale's four cells: sum, mean (empty when insufficient), answered, status.
inline void put_scale_cells(table_writer& table, const scale_numbers& scale) {
    if (scale.has_score()) {
        table.number(scale.sum);
        table.number(scale.mean);
    } else {
        table.empty();
        table.empty();
    }
    table.integer(scale.answered);
    table.text(to_string(scale.status));
}

inline void put_scale_cells(table_writer& table, const scale_score& scale) {
    put_scale_cells(table, numbers_of(scale));
}

}  // namespace alliance::cli::detail
