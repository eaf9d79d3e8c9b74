// The floor for bench/score-throughput.sh: a bare tokenizer that reads the same CSV file,
// splits it at commas and line ends (no quotes, no validation, no output) and parses the
// item columns' one-digit answers into a sum, which it prints so the work cannot be skipped.
//   bare_tokenizer FILE FIRST_ITEM_COLUMN ITEMS
#include <cstdio>
#include <cstdlib>
#include <memory>

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: bare_tokenizer FILE FIRST_ITEM_COLUMN ITEMS\n");
        return 2;
    }
    std::FILE* file = std::fopen(argv[1], "rb");
    if (file == nullptr) {
        std::perror(argv[1]);
        return 2;
    }
    const long first = std::strtol(argv[2], nullptr, 10);
    const long last = first + std::strtol(argv[3], nullptr, 10);
    constexpr std::size_t block = std::size_t{1} << 20;
    const auto buffer = std::make_unique<char[]>(block);
    long column = 0;
    long value = 0;
    unsigned long long sum = 0;
    unsigned long long rows = 0;
    bool header = true;
    for (;;) {
        const std::size_t n = std::fread(buffer.get(), 1, block, file);
        if (n == 0) break;
        for (std::size_t i = 0; i < n; ++i) {
            const char c = buffer[i];
            if (c == ',' || c == '\n') {
                if (!header && column >= first && column < last) sum += static_cast<unsigned long long>(value);
                value = 0;
                if (c == '\n') {
                    column = 0;
                    if (!header) ++rows;
                    header = false;
                } else {
                    ++column;
                }
            } else if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
            }
        }
    }
    std::fclose(file);
    std::printf("%llu rows, sum of answers %llu\n", rows, sum);
    return 0;
}
