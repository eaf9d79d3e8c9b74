// Key files: JSON definitions of instruments read at run time (alliance/key_file_reader.hpp:
// parse_key_file, read_key_file, load_key_file, key_file_error) and written from any definition
// (alliance/key_file_writer.hpp: to_key_file_json). docs/key-files.md describes the format.
// Needs nlohmann/json (Debian: nlohmann-json3-dev): tier alliance::key_file.
#pragma once

#include "alliance/key_file_reader.hpp"
#include "alliance/key_file_writer.hpp"
