// Splits CSV input into chunks of whole records, for scoring chunks on several threads
// (tools/alliance/parallel_rows.hpp). It follows csv_reader's state machine (a quote opens a
// quoted field only at the start of a field, "" inside quotes is a quote, a line end inside
// quotes belongs to the field), so a chunk never ends inside a record, nor between the CR and LF
// of a CRLF. Where no quote comes before the line end, the bytes need not go through it one by
// one: runs of records without quotes or CR (every LF ends a record or a blank line) are taken
// a run at a time, a record ending at a CR, or the rest of one after a quoted field, in one
// step. Each chunk knows the physical line on which it starts (lines are counted as csv_reader
// counts them: every CR, and every LF not right after a CR), so a csv_reader over the chunk
// (start_within) reports the same line numbers as one reading the whole input.
//
// A byte-order mark at the input's start is dropped. A record longer than max_record bytes
// (csv_reader's rule: from its first character to its line end) is not held: its bytes are
// dropped as they are scanned and it becomes a chunk of its own, marked oversized, which a
// reader returns as an oversized record (begin_with_oversized_record). Memory is one chunk of
// about `target` bytes plus the longest record kept (at most max_record) plus one read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <cstring>
#include <deque>
#include <string>
#include <utility>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "io/csv_reader.hpp"

namespace alliance::cli {

struct csv_chunk {
    std::string bytes;             // whole records (and blank lines), with their line ends
    std::uint64_t first_line = 1;  // the physical line of the input on which `bytes` starts
    bool oversized = false;        // one record longer than max_record, whose bytes were dropped
    bool unterminated = false;     // that record ran into the end of the input inside quotes
    std::uint64_t input_end = 0;   // input bytes consumed up to the end of this chunk (progress)
    row_numbering numbering = row_numbering::lines;  // the input's (byte_source::numbering)
};

// A csv_reader over chunks, reading each as a reader of the whole input would at that place.
// It reads a chunk's bytes in place, and one chunk_reader serves chunk after chunk (a worker
// thread keeps one), so its buffers are allocated once.
class chunk_reader {
public:
    chunk_reader(csv_dialect dialect, csv_limits limits) : reader_(no_source_, dialect, unread(limits)) {}
    // Over a copy of `chunk` (tests read a chunk more than once).
    chunk_reader(const csv_chunk& chunk, csv_dialect dialect, csv_limits limits) : chunk_reader(dialect, limits) {
        csv_chunk copy = chunk;
        start(copy);
    }
    chunk_reader(const chunk_reader&) = delete;
    chunk_reader& operator=(const chunk_reader&) = delete;

    // Reads `chunk` next, taking its bytes; finish() gives them back.
    csv_reader& start(csv_chunk& chunk) {
        reader_.read_chunk(std::move(chunk.bytes), chunk.first_line);
        reader_.set_numbering(chunk.numbering);
        if (chunk.oversized) reader_.begin_with_oversized_record(chunk.unterminated);
        return reader_;
    }
    [[nodiscard]] std::string finish() noexcept { return reader_.take_chunk(); }
    csv_reader& reader() noexcept { return reader_; }

private:
    // The reader's own buffer is never filled: it starts at the smallest size.
    static csv_limits unread(csv_limits limits) noexcept {
        limits.chunk = 1;
        return limits;
    }

    memory_source no_source_{std::string_view()};  // never read: a chunk is all there is
    csv_reader reader_;
};

// The splitter's input buffer. Its storage is a std::string, so that a chunk that fills it from
// its start can take the storage itself (take_front) rather than a copy; resize() only zeroes
// bytes the storage never held (std::string's resize zeroes what it adds, and a read then
// overwrites them: as much memset as there is input, on the splitting thread, if done each read).
class read_buffer {
public:
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] char* data() noexcept { return storage_.data(); }
    [[nodiscard]] const char* data() const noexcept { return storage_.data(); }
    char& operator[](std::size_t i) noexcept { return storage_[i]; }
    const char& operator[](std::size_t i) const noexcept { return storage_[i]; }
    // Bytes past the old size are left as they were, for a read to fill.
    void resize(std::size_t size) {
        if (size > storage_.size()) storage_.resize(size);
        size_ = size;
    }
    void erase_front(std::size_t count) noexcept {
        std::memmove(storage_.data(), storage_.data() + count, size_ - count);
        size_ -= count;
    }
    // The first `count` bytes as a string (with room for one more byte: csv_reader's sentinel);
    // the buffer goes on with the bytes after them, in `next`'s storage.
    [[nodiscard]] std::string take_front(std::size_t count, std::string&& next) {
        const std::size_t rest = size_ - count;
        if (next.size() < rest) next.resize(rest);
        std::memcpy(next.data(), storage_.data() + count, rest);
        std::string front = std::move(storage_);
        front.resize(count);
        front.reserve(count + 1);
        storage_ = std::move(next);
        size_ = rest;
        return front;
    }

private:
    std::string storage_;  // size(): every byte ever held, size_ or more
    std::size_t size_ = 0;
};

class csv_splitter {
public:
    // Chunks end at the first record end at or after `target` bytes.
    csv_splitter(byte_source& source, csv_dialect dialect, csv_limits limits, std::size_t target)
        : source_(source), delimiter_(dialect.delimiter), limits_(limits), target_(target == 0 ? 1 : target) {
        if (limits_.chunk == 0) limits_.chunk = 1;
    }

    // The next chunk; false at the end of the input. Throws csv_error when the input cannot be read.
    bool next(csv_chunk& chunk) {
        while (ready_.empty() && !at_end_) read_more();
        if (ready_.empty()) return false;
        chunk = std::move(ready_.front());
        ready_.pop_front();
        chunk.numbering = source_.numbering();
        return true;
    }

    // The input's first record is a header row, which csv_reader::next_header() reads: once it
    // has passed max_record bytes with no line end, it becomes the last chunk, marked oversized,
    // and no more is read (an input with no line end would otherwise be read for ever before
    // the header could be refused). Call before next().
    void stop_at_oversized_header() noexcept { stop_at_oversized_header_ = true; }

    // Gives back a chunk's bytes once read, so later chunks reuse the memory (a few are kept).
    void recycle(std::string&& bytes) {
        if (spare_.size() < 64) spare_.push_back(std::move(bytes));
    }

private:
    enum class state : std::uint8_t { between, field_start, unquoted, quoted, quote_in_quoted };
    static constexpr std::size_t no_record = SIZE_MAX;

    void read_more() {
        compact();
        next_quote_ = next_cr_ = no_record;  // held_ grows and moves: search again
        const std::size_t old = held_.size();
        const std::size_t ask = std::min(read_size(), limits_.chunk);
        held_.resize(old + ask);
        const std::size_t n = source_.read(held_.data() + old, ask);
        held_.resize(old + n);
        consumed_ += n;
        if (!bom_checked_) {
            if (n > 0 && held_.size() < 3) return;  // too short to tell yet
            bom_checked_ = true;
            if (held_.size() >= 3 && std::memcmp(held_.data(), "\xEF\xBB\xBF", 3) == 0) {
                held_.erase_front(3);
            }
        }
        scan();
        if (n == 0 && !at_end_) finish();
        fill_chunks();
    }

    // How much to read next: up to the chunk's target and a little more, where the record that
    // reaches the target most likely ends, so that a chunk is most of what held_ holds and can
    // take held_'s storage (fill_chunks); past the target without a record end (a long record),
    // as much again as the record has gone past it, so a record of any length takes few reads.
    [[nodiscard]] std::size_t read_size() const noexcept {
        const std::size_t held = held_.size() - chunk_start_;
        const std::size_t slack = std::max<std::size_t>(target_ / 32, 4096);
        return held < target_ ? target_ - held + slack : std::max(slack, held - target_);
    }

    // The bytes of the chunks this read completed. The last one, when it starts at held_'s start
    // and is most of it, takes held_'s storage, and the few bytes after it are copied to start
    // a spare string that held_ goes on in; the others are copied.
    void fill_chunks() {
        for (std::size_t k = 0; k < unfilled_.size(); ++k) {
            const unfilled& u = unfilled_[k];
            const bool last = k + 1 == unfilled_.size();
            if (last && u.from == 0 && held_.size() - u.to <= u.to / 4) {
                u.chunk->bytes = held_.take_front(u.to, spare());
                forget_front(u.to);
            } else {
                std::string bytes = spare();
                bytes.reserve(u.to - u.from + 1);  // + 1: the reader's sentinel (csv_reader::read_chunk)
                bytes.assign(held_.data() + u.from, u.to - u.from);
                u.chunk->bytes = std::move(bytes);
            }
        }
        unfilled_.clear();
    }
    [[nodiscard]] std::string spare() {
        if (spare_.empty()) return {};
        std::string bytes = std::move(spare_.back());
        spare_.pop_back();
        return bytes;
    }
    // held_'s first `count` bytes are gone (taken by a chunk): every position moves back.
    void forget_front(std::size_t count) noexcept {
        position_ -= std::min(position_, count);
        boundary_ -= std::min(boundary_, count);
        chunk_start_ -= std::min(chunk_start_, count);
        if (record_start_ != no_record) record_start_ = record_start_ > count ? record_start_ - count : 0;
        next_quote_ = next_cr_ = no_record;
    }

    // Drops what was emitted, and the scanned bytes of a record being dropped.
    void compact() {
        std::size_t drop = chunk_start_;
        if (dropping_) {
            dropped_ += position_ - record_start_;
            drop = position_;
        }
        if (drop == 0) return;
        held_.erase_front(drop);
        position_ -= drop;
        boundary_ -= std::min(boundary_, drop);
        chunk_start_ -= std::min(chunk_start_, drop);
        if (record_start_ != no_record) record_start_ = record_start_ > drop ? record_start_ - drop : 0;
    }

    void set_boundary(std::size_t at) {
        boundary_ = at;
        if (records_ == 0) {  // only blank lines since the chunk's start: they need not be kept
            chunk_start_ = at;
            chunk_line_ = line_;
        } else if (boundary_ - chunk_start_ >= target_) {
            emit(boundary_);
        }
    }

    // held_[chunk_start_, to) is a chunk; fill_chunks() gives it its bytes once the read is scanned.
    void emit(std::size_t to) {
        csv_chunk chunk;
        chunk.first_line = chunk_line_;
        chunk.input_end = consumed_ - (held_.size() - to);
        ready_.push_back(std::move(chunk));
        unfilled_.push_back({&ready_.back(), chunk_start_, to});  // a deque's push_back moves no element
        chunk_start_ = to;
        chunk_line_ = line_;
        records_ = 0;
    }

    void scan() {
        const char delimiter = delimiter_;
        for (; position_ < held_.size(); ++position_) {
            const std::size_t i = position_;
            const char c = held_[i];
            if (skip_line_feed_) {  // the LF of a CRLF that ended a line belongs to that line
                skip_line_feed_ = false;
                if (c == '\n') {
                    set_boundary(i + 1);
                    continue;
                }
                set_boundary(i);
            }
            if (state_ == state::between && c != '\r' && c != '\n' && c != '"' && take_records(i)) continue;
            switch (state_) {
                case state::between:
                    if (c == '\r' || c == '\n') {  // a line with nothing on it
                        ++line_;
                        if (c == '\r') skip_line_feed_ = true;
                        else set_boundary(i + 1);
                        continue;
                    }
                    record_start_ = i;
                    record_line_ = line_;
                    state_ = state::field_start;
                    [[fallthrough]];
                case state::field_start:
                    if (c == '"') state_ = state::quoted;
                    else if (c == delimiter) state_ = state::field_start;
                    else if (c == '\r' || c == '\n') end_record(i, c);
                    else state_ = state::unquoted;
                    break;
                case state::unquoted:
                    if (c == delimiter) state_ = state::field_start;
                    else if (c == '\r' || c == '\n') end_record(i, c);
                    break;
                case state::quoted:
                    if (c == '"') {
                        state_ = state::quote_in_quoted;
                    } else if (c == '\r') {
                        ++line_;
                        previous_was_cr_ = true;
                        break;
                    } else if (c == '\n' && !previous_was_cr_) {
                        ++line_;
                    }
                    previous_was_cr_ = false;
                    break;
                case state::quote_in_quoted:
                    previous_was_cr_ = false;
                    if (c == '"') {
                        state_ = state::quoted;
                    } else if (c == delimiter) {
                        state_ = state::field_start;
                        if (take_rest(i + 1)) continue;
                    } else if (c == '\r' || c == '\n') {
                        end_record(i, c);
                    } else {
                        state_ = state::unquoted;
                    }
                    break;
            }
            if (state_ != state::between && !dropping_ && dropped_ + (i + 1 - record_start_) > limits_.max_record) {
                if (stop_at_oversized_header_ && !header_ended_) {
                    stop_at_header();
                    return;
                }
                start_dropping();
            }
        }
    }

    // The header, being scanned, is longer than max_record: it is the last chunk, and the input
    // ends here (read_more() reads no more once at_end_).
    void stop_at_header() {
        csv_chunk marker;
        marker.first_line = record_line_;
        marker.oversized = true;
        marker.input_end = consumed_;
        ready_.push_back(std::move(marker));
        at_end_ = true;
    }

    // The common case, records without quotes or CR, in one step rather than a record at a time:
    // from a record's start at `from`, the whole records up to the last LF before the next quote
    // or CR, or to the chunk's end if it falls among them. None of these records can be longer
    // than max_record: the LF is looked for at most max_record bytes on (a longer record, or one
    // running into a quote or CR, is left to the byte-by-byte scan). Every LF in them ends a line
    // and a record or a blank line, and the first ends a record, so the chunk's end is the first
    // LF at or after its target. Without such an LF, a record ending at a CR (a CRLF file's every
    // record) is taken alone, as the byte-by-byte scan would end it. False if neither: the
    // byte-by-byte scan goes on from `from`. Not inlined: inlined into scan() (g++ 12), it made
    // the whole split slower (bench/bench_splitter.cpp: 4.1 ms against 5.0 ms for 46 MB).
    [[gnu::noinline]] bool take_records(std::size_t from) {
        const std::size_t special = next_special(from);
        const std::size_t limit =
            special - from > limits_.max_record ? from + limits_.max_record + 1 : special;
        if (std::memchr(held_.data() + from, '\n', limit - from) == nullptr) {  // none to take
            if (limit != special || special == held_.size() || held_[special] != '\r') return false;
            record_start_ = from;
            record_line_ = line_;
            position_ = special;
            end_record(special, '\r');
            return true;
        }
        // The last LF back from the limit: records are short, so it is near (memrchr is not portable).
        std::size_t end = limit;
        while (held_[end - 1] != '\n') --end;
        if (end - chunk_start_ >= target_) {  // the chunk ends at the first LF reaching its target
            const std::size_t reach = std::max(from, chunk_start_ + (target_ - 1));
            end = find('\n', reach) + 1;  // the LF at end - 1 stops it
        }
        line_ += count_line_feeds(held_.data() + from, end - from);
        ++records_;           // at least one: set_boundary() only asks whether there is any
        header_ended_ = true;
        position_ = end - 1;  // the loop steps on to `end`
        set_boundary(end);
        return true;
    }

    // After a quoted field and its delimiter (state field_start at `from`): when no quote comes
    // before the next LF or CR, the record's other fields are unquoted and it ends at that line
    // end, so it is ended there in one step (e.g. files whose records start with a quoted id). False
    // if not, or if the record would be longer than max_record: the byte-by-byte scan goes on.
    [[gnu::noinline]] bool take_rest(std::size_t from) {
        const std::size_t end = std::min(find('\n', from), next_special(from));
        if (end == held_.size() || held_[end] == '"' || dropped_ + (end - record_start_) > limits_.max_record)
            return false;
        position_ = end;  // the loop steps on past it
        end_record(end, held_[end]);
        return true;
    }

    // How many LFs in [data, data + size): 16 bytes a step with SSE2, each byte's matches summed
    // in a byte lane (at most 255 steps, so no lane overflows) and the lanes added by psadbw.
    static std::size_t count_line_feeds(const char* data, std::size_t size) noexcept {
        std::size_t count = 0;
#if defined(__SSE2__)
        const __m128i line_feed = _mm_set1_epi8('\n');
        while (size >= 16) {
            const std::size_t steps = std::min<std::size_t>(size / 16, 255);
            __m128i lanes = _mm_setzero_si128();
            for (std::size_t k = 0; k < steps; ++k, data += 16) {
                const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data));
                lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(bytes, line_feed));  // a match is -1
            }
            const __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());  // two 64-bit sums
            count += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) +
                     static_cast<std::size_t>(_mm_extract_epi16(sums, 4));
            size -= steps * 16;
        }
#endif
        for (; size > 0; --size, ++data) count += *data == '\n' ? 1 : 0;
        return count;
    }

    // The first `c` at or after `from` in held_ (held_.size() if none), by memchr, which
    // compares many bytes at a time.
    [[nodiscard]] std::size_t find(char c, std::size_t from) const noexcept {
        const void* at = std::memchr(held_.data() + from, c, held_.size() - from);
        return at == nullptr ? held_.size() : static_cast<std::size_t>(static_cast<const char*>(at) - held_.data());
    }
    // The first quote or CR at or after `from`. Both are rare, so each one's position is kept
    // and searched again only once `from` has passed it (each byte is searched once per read);
    // read_more() forgets them when held_ changes.
    [[nodiscard]] std::size_t next_special(std::size_t from) noexcept {
        if (next_quote_ == no_record || next_quote_ < from) next_quote_ = find('"', from);
        if (next_cr_ == no_record || next_cr_ < from) next_cr_ = find('\r', from);
        return std::min(next_quote_, next_cr_);
    }

    // The record held from record_start_ is longer than max_record whatever follows: the
    // records before it become a chunk, and its bytes are dropped from now on (compact()).
    void start_dropping() {
        if (records_ > 0) emit(record_start_);
        chunk_start_ = record_start_;
        dropping_ = true;
    }

    // The record ends before held_[at], its line end `c` (or the end of the input: c == 0).
    void end_record(std::size_t at, char c) {
        const std::uint64_t length = dropped_ + (at - record_start_);
        const bool unterminated = c == 0 && state_ == state::quoted;
        header_ended_ = true;
        if (c != 0) ++line_;
        state_ = state::between;
        if (dropping_ || length > limits_.max_record) {
            if (!dropping_ && records_ > 0) emit(record_start_);
            csv_chunk marker;
            marker.first_line = record_line_;
            marker.oversized = true;
            marker.unterminated = unterminated;
            marker.input_end = consumed_ - (held_.size() - at);
            ready_.push_back(std::move(marker));
            dropping_ = false;
            dropped_ = 0;
            records_ = 0;  // the chunk starts after the record's line end
        } else {
            ++records_;
        }
        record_start_ = no_record;
        if (c == '\r') skip_line_feed_ = true;
        else set_boundary(c == 0 ? at : at + 1);
    }

    // The end of the input: a record still open ends here, and what is held is the last chunk.
    void finish() {
        at_end_ = true;
        if (skip_line_feed_) {
            skip_line_feed_ = false;
            set_boundary(held_.size());
        }
        if (state_ != state::between) end_record(held_.size(), 0);
        if (records_ > 0) emit(held_.size());
    }

    byte_source& source_;
    char delimiter_;
    csv_limits limits_;
    std::size_t target_;
    read_buffer held_;                      // input from chunk_start_ on (and a little before)
    std::deque<csv_chunk> ready_;
    struct unfilled {
        csv_chunk* chunk;
        std::size_t from, to;  // its bytes in held_
    };
    std::vector<unfilled> unfilled_;  // chunks of ready_ emitted by the read being scanned
    std::vector<std::string> spare_;
    std::size_t next_quote_ = no_record;    // next_special()'s positions, or no_record
    std::size_t next_cr_ = no_record;
    std::size_t position_ = 0;              // next byte to scan
    std::size_t chunk_start_ = 0;           // where the next chunk starts
    std::size_t boundary_ = 0;              // held_[chunk_start_, boundary_): whole records and blank lines
    std::size_t record_start_ = no_record;  // where the record being scanned starts
    std::size_t records_ = 0;               // nonzero if held_[chunk_start_, boundary_) holds a record
    std::uint64_t line_ = 1;                // the line of the next byte to scan
    std::uint64_t record_line_ = 1;
    std::uint64_t chunk_line_ = 1;
    std::uint64_t consumed_ = 0;
    std::uint64_t dropped_ = 0;             // bytes of the record being dropped not held
    state state_ = state::between;
    bool previous_was_cr_ = false;
    bool skip_line_feed_ = false;
    bool dropping_ = false;
    bool bom_checked_ = false;
    bool at_end_ = false;
    bool stop_at_oversized_header_ = false;
    bool header_ended_ = false;  // the input's first record has ended
};

}  // namespace alliance::cli
