// The [documents] settings (issue #4): defaults by engine, the TOML keys, the
// environment, and errors that name the key.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

#include "app/config.h"
#include "testutil/fresh_store.h"

namespace ams::app {
namespace {

std::string WriteToml(const std::string& text) {
  std::string path = testutil::MakeTempDir() + "/ams.toml";
  std::ofstream(path) << text;
  return path;
}

TEST(DocumentsConfigTest, DefaultsFollowTheEngine) {
  ::unsetenv("AMS_DOCUMENTS_STORE");
  Result<Config> c = LoadConfig("");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->DocumentStore(), "folder") << "embedded SQLite keeps documents beside the data";
  EXPECT_EQ(c->documents.max_file_bytes, 10 * 1000 * 1000);
  EXPECT_EQ(c->documents.max_files, 10);
  c->database_url = "postgresql://ams@db.internal/ams";
  EXPECT_EQ(c->DocumentStore(), "database") << "nodes that share a PostgreSQL share no disk";
  c->documents.store = "folder";
  EXPECT_EQ(c->DocumentStore(), "folder") << "an explicit choice wins";
}

TEST(DocumentsConfigTest, ReadsTheSectionAndTheEnvironment) {
  ::unsetenv("AMS_DOCUMENTS_STORE");
  Result<Config> c = LoadConfig(WriteToml(
      "[documents]\nstore = \"database\"\nmax_file_bytes = 2000000\nmax_files = 3\n"));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->DocumentStore(), "database");
  EXPECT_EQ(c->documents.max_file_bytes, 2000000);
  EXPECT_EQ(c->documents.max_files, 3);
  ::setenv("AMS_DOCUMENTS_STORE", "folder", 1);
  c = LoadConfig(WriteToml("[documents]\nstore = \"database\"\n"));
  ::unsetenv("AMS_DOCUMENTS_STORE");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->DocumentStore(), "folder");
}

TEST(DocumentsConfigTest, BadValuesNameTheKey) {
  ::unsetenv("AMS_DOCUMENTS_STORE");
  static const struct {
    const char* toml;
    const char* key;
  } kCases[] = {
      {"[documents]\nstore = \"nfs\"\n", "documents.store"},
      {"[documents]\nstore = 5\n", "documents.store"},
      {"[documents]\nmax_file_bytes = 0\n", "documents.max_file_bytes"},
      {"[documents]\nmax_file_bytes = 1000000000\n", "documents.max_file_bytes"},
      {"[documents]\nmax_files = 0\n", "documents.max_files"},
      {"[documents]\nmax_files = \"ten\"\n", "documents.max_files"},
  };
  for (const auto& c : kCases) {
    Result<Config> config = LoadConfig(WriteToml(c.toml));
    ASSERT_FALSE(config.ok()) << c.toml;
    EXPECT_EQ(config.status().reason(), "config_invalid") << c.toml;
    EXPECT_NE(config.status().detail().find(c.key), std::string::npos) << config.status().detail();
  }
}

// The server's threads (issue #3: their numbers are in bench/README.md).
TEST(ServerConfigTest, ThreadCountsHaveDefaultsAndBounds) {
  Result<Config> c = LoadConfig("");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->worker_threads, 16);
  EXPECT_EQ(c->io_threads, 2);
  c = LoadConfig(WriteToml("worker_threads = 8\nio_threads = 1\n"));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->worker_threads, 8);
  EXPECT_EQ(c->io_threads, 1);
  for (const char* bad : {"io_threads = 0\n", "io_threads = 65\n", "io_threads = \"two\"\n"}) {
    c = LoadConfig(WriteToml(bad));
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_EQ(c.status().reason(), "config_invalid") << bad;
    EXPECT_NE(c.status().detail().find("io_threads"), std::string::npos) << c.status().detail();
  }
}

}  // namespace
}  // namespace ams::app
