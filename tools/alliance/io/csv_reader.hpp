// A streaming CSV reader (RFC 4180) for the alliance driver. It holds one chunk of input plus
// the record being read, so memory stays bounded whatever the file size. A record longer than
// limits::max_record bytes (from its first character to its line end, which is not counted;
// usually a quote left open) is not kept, however the input's reads fall: the reader goes on scanning it by
// the same rules without keeping its bytes, so it finds the record's real end, and hands it on
// with no fields and oversized() true. The caller reports it as an error row and goes on with
// the next record, so every record still yields a row. A header row, which cannot be passed
// over, is read by next_header(), which gives up as soon as the limit is passed.
//
// Accepted, beyond the strict RFC: LF, CRLF and lone CR line ends; a UTF-8 byte-order mark;
// `;` or tab as delimiter. Lenient where RFC 4180 forbids, as Python's csv module is by
// default: a quote inside an unquoted field is a literal character, and text after a closing
// quote is appended to the field. Lines with no characters at all are skipped (R's read.csv
// and pandas do the same), but they still count for line numbers.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace alliance::cli {

// How messages name the rows of an input: a CSV file's by their line ("line 4"; the header is
// line 1), an SPSS or Stata file's by case number ("case 3", as SPSS's Data View and Stata's
// browser number them). Such a file is read as the CSV written from it (io/stat_input.hpp),
// where case N is alone on line N + 1.
enum class row_numbering : std::uint8_t { lines, cases };

// "line 4", or "case 3" for line 4 of a converted file ("the header" for its line 1).
[[nodiscard]] inline std::string row_name(row_numbering numbering, std::uint64_t line) {
    if (numbering == row_numbering::lines) return "line " + std::to_string(line);
    return line <= 1 ? std::string("the header") : "case " + std::to_string(line - 1);
}

// Input that ends: the driver reads files and standard input; tests and fuzzers read memory.
class byte_source {
public:
    virtual ~byte_source() = default;
    // Up to `capacity` bytes into `into`; 0 only at the end of the input. Throws on a read error.
    virtual std::size_t read(char* into, std::size_t capacity) = 0;
    // How the input's rows are named in messages (row_name).
    [[nodiscard]] virtual row_numbering numbering() const noexcept { return row_numbering::lines; }
    // The bytes read are not the file's (a filter changes them), so reading the file again is
    // not reading this source again.
    [[nodiscard]] virtual bool changes_bytes() const noexcept { return false; }
};

// A stream that cannot be read: reading cannot go on.
class csv_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class memory_source final : public byte_source {
public:
    // `max_read` caps each read, so tests can cut the input at every possible place.
    explicit memory_source(std::string_view data, std::size_t max_read = SIZE_MAX)
        : data_(data), max_read_(max_read == 0 ? 1 : max_read) {}
    std::size_t read(char* into, std::size_t capacity) override {
        const std::size_t n = std::min({capacity, max_read_, data_.size() - position_});
        if (n > 0) std::memcpy(into, data_.data() + position_, n);
        position_ += n;
        return n;
    }

private:
    std::string_view data_;
    std::size_t max_read_;
    std::size_t position_ = 0;
};

// A C stream, e.g. stdin or a file opened by the driver; not closed here.
class stdio_source final : public byte_source {
public:
    stdio_source(std::FILE* stream, std::string name, row_numbering numbering = row_numbering::lines)
        : stream_(stream), name_(std::move(name)), numbering_(numbering) {}
    std::size_t read(char* into, std::size_t capacity) override {
        const std::size_t n = std::fread(into, 1, capacity, stream_);
        if (n == 0 && std::ferror(stream_)) throw csv_error("cannot read " + name_);
        return n;
    }
    [[nodiscard]] row_numbering numbering() const noexcept override { return numbering_; }

private:
    std::FILE* stream_;
    std::string name_;
    row_numbering numbering_;
};

struct csv_dialect {
    char delimiter = ',';
};

struct csv_limits {
    std::size_t chunk = std::size_t{1} << 20;       // bytes asked of the source per read
    std::size_t max_record = std::size_t{8} << 20;  // longest record held; a longer one is oversized()
};

class csv_reader {
public:
    explicit csv_reader(byte_source& source, csv_dialect dialect = {}, csv_limits limits = {})
        : source_(source), dialect_(dialect), limits_(limits), numbering_(source.numbering()) {
        if (limits_.chunk == 0) limits_.chunk = 1;
        capacity_ = limits_.chunk;
        buffer_.resize(capacity_ + 1);  // + 1: room for a sentinel
        for (const char c : {dialect_.delimiter, '\r', '\n'}) ends_unquoted_[static_cast<unsigned char>(c)] = true;
        for (const char c : {'"', '\r', '\n'}) ends_quoted_[static_cast<unsigned char>(c)] = true;
        ends_simple_ = ends_unquoted_;
        ends_simple_[static_cast<unsigned char>('"')] = true;
    }

    // For a part of a larger input (tools/alliance/io/csv_splitter.hpp): its first line is `line`
    // of the whole input, and a byte-order mark at its start is data. Call before next().
    void start_within(std::uint64_t line) noexcept {
        line_ = line;
        record_line_ = line;
        bom_checked_ = true;
    }
    // Reads `bytes`, a chunk of whole records of a larger input (csv_splitter), from its start
    // on line `line`, as a new reader would, but in place: the bytes become the reader's buffer
    // (no copy; one byte is added for the sentinel) until take_chunk() gives them back. The
    // reader's source is not read. Call between chunks to reuse the reader and its field tables.
    void read_chunk(std::string&& bytes, std::uint64_t line) {
        buffer_ = std::move(bytes);
        end_ = buffer_.size();
        buffer_.push_back('\n');
        capacity_ = end_;
        position_ = record_start_ = field_begin_ = 0;
        bytes_read_ = end_;
        state_ = state::field_start;
        field_quoted_ = field_needs_unquoting_ = previous_was_cr_ = skip_line_feed_ = false;
        at_end_ = true;  // what the chunk holds is all there is
        pending_oversized_ = pending_unterminated_ = false;
        forget_record();
        start_within(line);
    }
    // The chunk's bytes, for the next chunk's use (their content is no longer the input's).
    [[nodiscard]] std::string take_chunk() noexcept {
        end_ = position_ = capacity_ = 0;
        return std::move(buffer_);
    }

    // The next record is one that was longer than max_record and not kept (the splitter dropped
    // its bytes): next() returns it, oversized(), on the line given to start_within().
    void begin_with_oversized_record(bool unterminated_quote) noexcept {
        pending_oversized_ = true;
        pending_unterminated_ = unterminated_quote;
    }

    // Reads the next record; false at the end of the input. Fields stay valid until the next call.
    bool next() {
        if (!bom_checked_) skip_byte_order_mark();
        forget_record();
        if (pending_oversized_) return hand_on_pending_oversized();
        if (skip_line_feed_ && position_ < end_) skip_line_feed_of_crlf();
        if (!skip_line_feed_ && read_simple_record()) return true;
        return read_general_record();
    }

    // Reads the next record as next() does, but for a header row: one longer than max_record
    // is not read to its end. As soon as it has passed max_record bytes with no line end it is
    // handed on, oversized(), and the reader stops: the rest of the input is left unread and
    // next() returns false. An input with no line end (/dev/zero) would otherwise be read for
    // ever before the caller could say that its header is too long; a data row is read to its
    // end, as its error row must be followed by the next record's.
    bool next_header() {
        if (!bom_checked_) skip_byte_order_mark();  // not a record's bytes: the limit is not theirs
        struct only_now {  // next() alone, even if it throws
            bool& flag;
            ~only_now() { flag = false; }
        };
        stop_when_oversized_ = true;
        const only_now reset{stop_when_oversized_};
        return next();
    }

    [[nodiscard]] std::size_t size() const noexcept { return field_count_; }
    [[nodiscard]] std::string_view operator[](std::size_t index) const noexcept { return fields_[index]; }
    [[nodiscard]] std::span<const std::string_view> fields() const noexcept { return {fields_.data(), field_count_}; }
    // The record held no quote, so no field holds a quote, a line end or the delimiter (a
    // record with quotes may lack them too, but is not marked: this is for fast paths).
    [[nodiscard]] bool simple_record() const noexcept { return simple_; }
    // The line (1-based, header = 1 unless blank lines precede it) on which the record starts.
    [[nodiscard]] std::uint64_t line() const noexcept { return record_line_; }
    // The record's name in messages: "line 4", or "case 3" (row_numbering).
    [[nodiscard]] std::string row_name() const { return cli::row_name(numbering_, record_line_); }
    [[nodiscard]] row_numbering numbering() const noexcept { return numbering_; }
    // For a reader over chunks of an input (csv_splitter), which has no source of its own.
    void set_numbering(row_numbering numbering) noexcept { numbering_ = numbering; }
    // The record ran into the end of the input inside a quoted field.
    [[nodiscard]] bool unterminated_quote() const noexcept { return unterminated_; }
    // The record was longer than max_record bytes: it was read to its end but not kept, and
    // has no fields.
    [[nodiscard]] bool oversized() const noexcept { return oversized_; }
    [[nodiscard]] std::size_t max_record() const noexcept { return limits_.max_record; }
    // Bytes of input consumed so far, for progress reports.
    [[nodiscard]] std::uint64_t bytes_consumed() const noexcept { return bytes_read_ - (end_ - position_); }

private:
    enum class state : std::uint8_t { field_start, unquoted, quoted, quote_in_quoted };

    struct field_span {
        std::size_t begin;
        std::size_t end;
        bool quoted;
        bool needs_unquoting;
    };

    // What a step of the state machine leaves: more to read, or a whole record.
    enum class step : std::uint8_t { more, record };

    // The previous record's fields and flags are gone once next() is called.
    void forget_record() noexcept {
        spans_.clear();
        field_count_ = 0;
        simple_ = false;
        unterminated_ = false;
        oversized_ = false;
        dropped_ = 0;
    }

    // The record announced by begin_with_oversized_record(): oversized, with no fields.
    bool hand_on_pending_oversized() noexcept {
        pending_oversized_ = false;
        oversized_ = true;
        unterminated_ = pending_unterminated_;
        record_line_ = line_;
        return true;
    }

    // The previous line ended with CR: a LF right after it belongs to that line end. True when
    // there was one.
    bool skip_line_feed_of_crlf() noexcept {
        skip_line_feed_ = false;
        if (buffer_[position_] != '\n') return false;
        ++position_;
        return true;
    }

    // Any record, character by character: quotes, line ends inside quotes, records that cross
    // the end of the buffer, blank lines before the record.
    bool read_general_record() {
        start_record();
        bool started = false;  // a character of this record has been consumed
        for (;;) {
            if (position_ == end_ && !refill()) return finish_at_end_of_input(started);
            if (skip_line_feed_ && skip_line_feed_of_crlf()) {
                start_record();
                continue;
            }
            step done = step::more;
            switch (state_) {
                case state::field_start: done = at_field_start(buffer_[position_], started); break;
                case state::unquoted: done = scan_unquoted(); break;
                case state::quoted: scan_quoted(); break;
                case state::quote_in_quoted: done = after_closing_quote(buffer_[position_]); break;
            }
            if (done == step::record) return true;
        }
    }

    // The input ended: the record read so far, if any, is the last one.
    bool finish_at_end_of_input(bool started) {
        if (!started) return false;
        unterminated_ = state_ == state::quoted;
        close_field(position_);
        finish_record(position_);
        return true;
    }

    // `c` opens a field: a quote, an empty field, the line's end, or unquoted text.
    step at_field_start(char c, bool& started) {
        if (c == '"') {
            state_ = state::quoted;
            field_quoted_ = true;
            ++position_;
        } else if (c == dialect_.delimiter) {
            close_field(position_);
            ++position_;
            field_begin_ = position_;
        } else if (c == '\n' || c == '\r') {
            ++position_;
            end_line(c);
            if (!started) {  // a line with nothing on it
                start_record();
                return step::more;
            }
            close_field(position_ - 1);
            finish_record(position_ - 1);
            return step::record;
        } else {
            state_ = state::unquoted;
            ++position_;
        }
        started = true;
        return step::more;
    }

    // Unquoted text up to the delimiter or the line's end (or the end of the buffer).
    step scan_unquoted() {
        while (position_ < end_ && !ends_unquoted_[static_cast<unsigned char>(buffer_[position_])]) ++position_;
        if (position_ == end_) return step::more;
        if (buffer_[position_] == dialect_.delimiter) {
            close_field(position_);
            ++position_;
            field_begin_ = position_;
            state_ = state::field_start;
            return step::more;
        }
        close_field(position_);
        end_line(buffer_[position_]);
        finish_record(position_);
        ++position_;
        return step::record;
    }

    // Quoted text up to the next quote (or the end of the buffer), counting the lines it spans.
    void scan_quoted() noexcept {
        const std::size_t from = position_;
        while (position_ < end_ && !ends_quoted_[static_cast<unsigned char>(buffer_[position_])]) ++position_;
        if (position_ > from) previous_was_cr_ = false;
        if (position_ == end_) return;
        const char stop = buffer_[position_++];
        if (stop == '"') {
            state_ = state::quote_in_quoted;
        } else if (stop == '\r') {
            ++line_;
            previous_was_cr_ = true;
        } else {  // '\n' inside a quoted field: counts unless it ends a CRLF
            if (!previous_was_cr_) ++line_;
            previous_was_cr_ = false;
        }
    }

    // `c` follows a quote inside a quoted field: a second quote, the field's end, or text.
    step after_closing_quote(char c) {
        previous_was_cr_ = false;
        if (c == '"') {  // "" inside quotes is one literal quote
            state_ = state::quoted;
            field_needs_unquoting_ = true;
            ++position_;
        } else if (c == dialect_.delimiter) {
            close_field(position_);
            ++position_;
            field_begin_ = position_;
            state_ = state::field_start;
        } else if (c == '\n' || c == '\r') {
            close_field(position_);
            end_line(c);
            finish_record(position_);
            ++position_;
            return step::record;
        } else {  // text after the closing quote: kept, as Python's csv does
            state_ = state::unquoted;
            field_needs_unquoting_ = true;
            ++position_;
        }
        return step::more;
    }

    // The common case without the state machine: a record with no quote at all, wholly inside
    // the buffer. Anything else goes the general way, from the start, which reads the same
    // fields (tests/unit-csv.cpp reads every input both ways). Fields are stored through local
    // pointers: the compiler would otherwise reload the vector's bounds after every store.
    bool read_simple_record() {
        char* const text = buffer_.data();
        const char* at = text + position_;
        const char* const stop = text + end_;
        if (at == stop || *at == '\r' || *at == '\n') return false;
        text[end_] = '\n';  // a sentinel (the buffer has one byte spare): the scan needs no bounds check
        const char delimiter = dialect_.delimiter;
        std::string_view* slot = fields_.data();
        std::string_view* slots_end = slot + fields_.size();
        for (;;) {
            const char* const begin = at;
            while (!ends_simple_[static_cast<unsigned char>(*at)]) ++at;
            if (*at == '"' || at == stop) return false;
            if (slot == slots_end) {  // more fields than any record before
                const auto used = static_cast<std::size_t>(slot - fields_.data());
                fields_.resize(std::max<std::size_t>(16, 2 * fields_.size()));
                slot = fields_.data() + used;
                slots_end = fields_.data() + fields_.size();
            }
            *slot++ = std::string_view(begin, static_cast<std::size_t>(at - begin));
            const char c = *at++;
            if (c == delimiter) continue;
            // Longer than max_record: the general way marks it oversized.
            if (static_cast<std::size_t>(at - 1 - (text + position_)) > limits_.max_record) return false;
            field_count_ = static_cast<std::size_t>(slot - fields_.data());
            simple_ = true;
            record_line_ = line_;
            end_line(c);
            position_ = static_cast<std::size_t>(at - text);
            return true;
        }
    }

    void skip_byte_order_mark() {
        bom_checked_ = true;
        while (end_ - position_ < 3 && refill()) {
        }
        if (end_ - position_ >= 3 && std::memcmp(buffer_.data() + position_, "\xEF\xBB\xBF", 3) == 0)
            position_ += 3;
    }

    void start_record() {
        state_ = state::field_start;
        record_start_ = position_;
        field_begin_ = position_;
        field_quoted_ = false;
        field_needs_unquoting_ = false;
        record_line_ = line_;
    }

    void end_line(char c) {
        ++line_;
        skip_line_feed_ = c == '\r';
    }

    void close_field(std::size_t end) {
        if (!oversized_)
            spans_.push_back({field_begin_, end, field_quoted_, field_needs_unquoting_ || state_ == state::quoted});
        state_ = state::field_start;
        field_quoted_ = false;
        field_needs_unquoting_ = false;
    }

    // The record, which ends before `record_end`, is complete in the buffer: turn spans into
    // views, unquoting in place. A record longer than max_record is oversized even when held,
    // so that where the input's reads end does not matter (csv_splitter counts the same way).
    void finish_record(std::size_t record_end) {
        if (dropped_ + (record_end - record_start_) > limits_.max_record) oversized_ = true;
        if (oversized_) return;  // no fields: its bytes were not kept
        for (const field_span& span : spans_) {
            char* const text = buffer_.data();
            if (!span.quoted) {
                add_field({text + span.begin, span.end - span.begin});
            } else if (!span.needs_unquoting) {  // "plain quoted": drop the two quotes
                add_field({text + span.begin + 1, span.end - span.begin - 2});
            } else {
                add_field({text + span.begin, unquote(text + span.begin, text + span.end)});
            }
        }
    }

    void add_field(std::string_view field) {
        if (field_count_ == fields_.size()) fields_.resize(std::max<std::size_t>(16, 2 * fields_.size()));
        fields_[field_count_++] = field;
    }

    // Rewrites a quoted field in place (the result is never longer) and returns its length.
    static std::size_t unquote(char* const first, const char* const last) {
        char* out = first;
        const char* in = first + 1;  // past the opening quote
        bool inside = true;
        while (in < last) {
            if (inside && *in == '"') {
                if (in + 1 < last && in[1] == '"') {
                    *out++ = '"';
                    in += 2;
                } else {
                    inside = false;
                    ++in;
                }
            } else {
                *out++ = *in++;
            }
        }
        return static_cast<std::size_t>(out - first);
    }

    // Keeps the unfinished record, moves it to the front, and reads more after it.
    bool refill() {
        if (at_end_) return false;
        if (record_start_ > 0) {
            const std::size_t keep = end_ - record_start_;
            std::memmove(buffer_.data(), buffer_.data() + record_start_, keep);
            for (field_span& span : spans_) {
                span.begin -= record_start_;
                span.end -= record_start_;
            }
            position_ -= record_start_;
            field_begin_ -= record_start_;
            record_start_ = 0;
            end_ = keep;
        }
        if (stop_when_oversized_ && end_ > limits_.max_record) return stop_oversized();
        if (end_ == capacity_ && end_ > limits_.max_record) {
            // Too long to hold: drop what is held and scan on (the state machine keeps its
            // state) to the record's end, keeping nothing.
            oversized_ = true;
            spans_.clear();
            dropped_ += end_;
            position_ = 0;
            field_begin_ = 0;
            end_ = 0;
        }
        if (end_ == capacity_) {
            const std::size_t grown = std::min(capacity_ * 2, limits_.max_record + limits_.chunk);
            buffer_.resize(grown + 1);
            capacity_ = grown;
        }
        const std::size_t n = source_.read(buffer_.data() + end_, std::min(limits_.chunk, capacity_ - end_));
        if (n == 0) {
            at_end_ = true;
            return false;
        }
        end_ += n;
        bytes_read_ += n;
        return true;
    }

    // next_header()'s record has passed max_record with no end in sight (refill() has
    // scanned all it holds): it ends here, oversized and not a quote left open at the input's
    // end, and so does the input, unread.
    bool stop_oversized() noexcept {
        oversized_ = true;
        spans_.clear();
        dropped_ += end_;
        position_ = field_begin_ = end_ = 0;
        state_ = state::field_start;
        at_end_ = true;
        return false;
    }

    byte_source& source_;
    csv_dialect dialect_;
    csv_limits limits_;
    row_numbering numbering_;
    std::string buffer_;  // capacity_ bytes and one for the sentinel
    std::size_t capacity_ = 0;
    std::size_t end_ = 0;       // bytes held in buffer_
    std::size_t position_ = 0;  // next byte to scan
    std::size_t record_start_ = 0;
    std::size_t field_begin_ = 0;
    std::uint64_t bytes_read_ = 0;
    std::uint64_t line_ = 1;
    std::uint64_t record_line_ = 1;
    state state_ = state::field_start;
    bool field_quoted_ = false;
    bool field_needs_unquoting_ = false;
    bool previous_was_cr_ = false;
    bool skip_line_feed_ = false;
    bool unterminated_ = false;
    bool bom_checked_ = false;
    bool at_end_ = false;
    bool oversized_ = false;
    bool pending_oversized_ = false;
    bool pending_unterminated_ = false;
    bool stop_when_oversized_ = false;  // within next_header()
    std::uint64_t dropped_ = 0;  // bytes of the current record not kept
    std::array<bool, 256> ends_unquoted_{};
    std::array<bool, 256> ends_quoted_{};
    std::array<bool, 256> ends_simple_{};  // what read_simple_record stops at: ends_unquoted_ and '"'
    std::vector<field_span> spans_;
    std::vector<std::string_view> fields_;  // the first field_count_ are the record's; the rest is room
    std::size_t field_count_ = 0;
    bool simple_ = false;
};

}  // namespace alliance::cli
