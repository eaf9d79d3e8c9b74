// A Qualtrics CSV export read as the plain table it holds (--qualtrics): its rows 2 and 3
// (question text, ImportId metadata: alliance/table/survey_exports.hpp) become blank lines, which
// every reader skips, so each answer row keeps its line number in messages. Without
// --qualtrics, an input whose row 3 is ImportId metadata is refused with a message that says
// to give it, rather than read as two error rows and a header that names no items. With
// --qualtrics, an input whose row 3 is not such metadata is refused, so no answer row is ever
// skipped for looking like one.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <alliance/table/survey_exports.hpp>

#include "csv_reader.hpp"

namespace alliance::cli {

class qualtrics_source final : public byte_source {
public:
    // `skip`: --qualtrics was given. `notes` (standard error, or nullptr for --quiet) hears of
    // the rows skipped.
    qualtrics_source(byte_source& input, bool skip, csv_dialect dialect, std::FILE* notes)
        : input_(input), skip_(skip), dialect_(dialect), notes_(notes) {}

    std::size_t read(char* into, std::size_t capacity) override {
        if (!prepared_) prepare();
        if (position_ < held_.size()) {
            const std::size_t n = std::min(capacity, held_.size() - position_);
            std::memcpy(into, held_.data() + position_, n);
            position_ += n;
            if (position_ == held_.size()) std::string().swap(held_);  // the rest comes straight through
            return n;
        }
        return input_.read(into, capacity);
    }
    [[nodiscard]] row_numbering numbering() const noexcept override { return input_.numbering(); }
    [[nodiscard]] bool changes_bytes() const noexcept override { return skip_ || input_.changes_bytes(); }

private:
    // Reads the first three records (header, question text, metadata) into held_ and decides.
    // The records are found by the CSV reader itself (quotes, line ends, blank lines), over what
    // has been read so far, until the third is whole or the input ends.
    void prepare() {
        prepared_ = true;
        std::vector<std::size_t> ends;  // where records 1, 2, 3 end (after their line end)
        bool metadata = false;
        for (bool at_end = false;;) {
            ends.clear();
            memory_source bytes(held_);
            csv_reader reader(bytes, dialect_, csv_limits{std::max<std::size_t>(held_.size(), 1), csv_limits{}.max_record});
            while (ends.size() < 3 && reader.next()) {
                ends.push_back(static_cast<std::size_t>(reader.bytes_consumed()));
                if (ends.size() == 3) metadata = table::is_qualtrics_metadata_row(reader.fields());
            }
            if (at_end || (ends.size() == 3 && ends[2] < held_.size())) break;
            if (held_.size() > held_limit) return;  // a header this long is refused by the reader
            // Read until what is held has doubled (or the input ends) before looking again, so
            // a source that hands out a few bytes at a time costs linear time, not quadratic.
            const std::size_t target = std::max<std::size_t>(2 * held_.size(), 1 << 12);
            char chunk[1 << 16];
            while (held_.size() < target) {
                const std::size_t n = input_.read(chunk, std::min(sizeof chunk, target - held_.size()));
                held_.append(chunk, n);
                if (n == 0) {
                    at_end = true;
                    break;
                }
            }
        }
        if (ends.size() < 3) {
            if (skip_) refuse_without_metadata();
            return;
        }
        if (!skip_) {
            if (metadata) throw csv_error(table::qualtrics_hint("--qualtrics"));
            return;
        }
        if (!metadata) refuse_without_metadata();
        // Row 3's "\r\n" is whole in the span (the reader leaves its "\n" for later).
        if (ends[2] < held_.size() && held_[ends[2]] == '\n' && held_[ends[2] - 1] == '\r') ++ends[2];
        // Rows 2 and 3 (and blank lines before them) become as many line ends as they hold, so
        // line numbers stay as in the file: every "\r", and every "\n" not after one (the span
        // may begin with the "\n" of the header's "\r\n", which the reader leaves for later).
        // Each becomes "\r\n": after a header that ends in a lone "\r", a "\n" would join it.
        std::string blank;
        for (std::size_t i = ends[0]; i < ends[2]; ++i) {
            const char c = held_[i];
            if (c == '\r' || (c == '\n' && held_[i - 1] != '\r')) blank += "\r\n";
        }
        held_.replace(ends[0], ends[2] - ends[0], blank);
        if (notes_ != nullptr)
            std::fprintf(notes_, "alliance: --qualtrics: rows 2 and 3 (question text, ImportId metadata) skipped\n");
    }

    [[noreturn]] static void refuse_without_metadata() {
        throw csv_error("--qualtrics: row 3 is not a Qualtrics export's ImportId metadata ({\"ImportId\":...} in "
                        "its cells); no row is skipped from a file that is not such an export");
    }

    // Past a record's limit with no third record in sight, the input is passed on as it is: a
    // header that long is refused by the reader at once (an input with no line end, /dev/zero,
    // must not be held for long first).
    static constexpr std::size_t held_limit = csv_limits{}.max_record;

    byte_source& input_;
    bool skip_;
    csv_dialect dialect_;
    std::FILE* notes_;
    bool prepared_ = false;
    std::string held_;
    std::size_t position_ = 0;
};

}  // namespace alliance::cli
