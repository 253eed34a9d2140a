#include "web/error_response.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "web/http/access_log.h"

namespace ams::web {
namespace {

TEST(ErrorResponseTest, StatusTable) {
  static const struct {
    Code code;
    int http;
  } kCases[] = {
      {Code::kInvalidArgument, 400},   {Code::kUnauthenticated, 401}, {Code::kPermissionDenied, 403},
      {Code::kNotFound, 404},          {Code::kConflict, 409},        {Code::kFailedPrecondition, 422},
      {Code::kTooManyRequests, 429},   {Code::kUnavailable, 503},     {Code::kInternal, 500},
      {Code::kOk, 500},
  };
  for (const auto& c : kCases) EXPECT_EQ(HttpStatusFor(c.code), c.http) << CodeName(c.code);
}

TEST(ErrorResponseTest, BodyShape) {
  HttpResponse r = ErrorResponse(Status::Conflict("request_not_submitted", "state=approved"), "rid1");
  EXPECT_EQ(r.status, 409);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["error"]["code"], "request_not_submitted");
  EXPECT_EQ(j["error"]["message"], "Request not submitted");
  EXPECT_EQ(j["error"]["request_id"], "rid1");
  EXPECT_EQ(r.body.find("state=approved"), std::string::npos) << "detail is for logs";
}

TEST(ErrorResponseTest, CallerMessageAndLookup) {
  HttpResponse r = ErrorResponse(Status::Invalid("invalid_nik"), "rid", "NIK harus 16 digit");
  EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["message"], "NIK harus 16 digit");

  MessageLookup lookup = [](const std::string& reason) {
    return reason == "invalid_nik" ? std::string("NIK tidak valid") : std::string();
  };
  r = ErrorResponse(Status::Invalid("invalid_nik"), "rid", lookup);
  EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["message"], "NIK tidak valid");
  r = ErrorResponse(Status::Invalid("other_reason"), "rid", lookup);
  EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["message"], "Other reason") << "falls back";
}

TEST(ErrorResponseTest, InternalHidesDetail) {
  HttpResponse r = ErrorResponse(Status::Internal("password=hunter2 at db.cc:12"), "rid9", "leak me");
  EXPECT_EQ(r.status, 500);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["error"]["code"], "internal");
  EXPECT_EQ(j["error"]["request_id"], "rid9");
  EXPECT_EQ(r.body.find("hunter2"), std::string::npos);
  EXPECT_EQ(r.body.find("leak me"), std::string::npos);
}

TEST(AccessLogTest, FormatEscapesPath) {
  AccessLogEntry e{"rid", "127.0.0.1", "GET", "/a b\"\n/x", 200, 12, 1.5};
  EXPECT_EQ(FormatAccessLine(e), "rid 127.0.0.1 \"GET /a%20b%22%0A/x\" 200 12 1.500ms");
}

}  // namespace
}  // namespace ams::web
