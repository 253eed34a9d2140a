// The outbox's way out, end to end: OutboxDispatcher over a real Store (both
// engines) and the libcurl SmtpSender talking to a real SMTP server, aiosmtpd
// on a loopback port, which saves what it receives as JSON after parsing it
// with Python's email package (an independent MIME reader).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <barrier>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "notify/dispatcher.h"
#include "notify/eml/eml_sender.h"
#include "notify/smtp/smtp_sender.h"
#include "store/soci/soci_store.h"
#include "testutil/fresh_store.h"
#include "testutil/store_wrapper.h"

namespace ams {
namespace {

namespace fs = std::filesystem;
using notify::DispatchStats;
using notify::OutboxDispatcher;
using notify::OutgoingMail;
using testutil::Engine;

// argv: port, folder for messages, ready file, tls ("none", "starttls" or "implicit"),
// cert file, key file, "user:password" or "".
constexpr const char* kSinkScript = R"PY(
import json, logging, os, ssl, sys, threading, uuid
from email import policy
from email.parser import BytesParser
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

logging.getLogger('mail.log').setLevel(logging.ERROR)  # it warns about its own login_data
port, folder, ready, tls, cert, key, login = sys.argv[1:8]

class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith('refuse'):
            return '550 5.1.1 No such user'
        if address.startswith('later'):
            return '451 4.3.0 Try again later'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        msg = BytesParser(policy=policy.default).parsebytes(envelope.original_content)
        record = {'mail_from': envelope.mail_from, 'rcpt_tos': envelope.rcpt_tos,
                  'to': str(msg['To']), 'subject': str(msg['Subject']),
                  'message_id': str(msg['Message-ID']), 'body': msg.get_content(),
                  'defects': [repr(d) for d in msg.defects],
                  'tls': server.transport.get_extra_info('ssl_object') is not None,
                  'login': session.auth_data.login.decode() if session.authenticated else ''}
        name = uuid.uuid4().hex
        with open(os.path.join(folder, '.' + name), 'w', encoding='utf-8') as f:
            json.dump(record, f)
        os.rename(os.path.join(folder, '.' + name), os.path.join(folder, name + '.json'))
        return '250 OK'

def authenticator(server, session, envelope, mechanism, auth_data):
    user, password = login.split(':', 1)
    ok = auth_data.login.decode() == user and auth_data.password.decode() == password
    return AuthResult(success=ok, handled=False, auth_data=auth_data)

kwargs = {}
if tls != 'none':
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    if tls == 'starttls':
        kwargs.update(tls_context=ctx, require_starttls=True)
    else:
        kwargs.update(ssl_context=ctx)
if login:
    kwargs.update(authenticator=authenticator, auth_require_tls=True)
controller = Controller(Handler(), hostname='127.0.0.1', port=int(port), **kwargs)
controller.start()
open(ready, 'w').close()
threading.Event().wait()
)PY";

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// A TCP port that completes the handshake but never says a word, like a
// mail server that hangs.
class SilentServer {
 public:
  SilentServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 16);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~SilentServer() { ::close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// A self-signed certificate for 127.0.0.1 in `folder`; returns false on failure.
bool MakeCertificate(const std::string& folder) {
  const std::string cmd =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 "
      "-subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout " +
      folder + "/key.pem -out " + folder + "/cert.pem 2>/dev/null";
  return std::system(cmd.c_str()) == 0;
}

struct SinkConfig {
  std::string tls = "none";
  std::string cert, key, login;
};

// An aiosmtpd process; Stop (or the destructor) kills it.
class SmtpSink {
 public:
  SmtpSink(int port, std::string folder) : port_(port), folder_(std::move(folder)) {}
  ~SmtpSink() { Stop(); }

  void Start(const SinkConfig& config = SinkConfig()) {
    ASSERT_EQ(pid_, -1);
    config_ = config;
    const std::string ready = folder_ + "/../smtp-ready-" + std::to_string(port_);
    fs::remove(ready);
    const std::string port = std::to_string(port_);
    pid_ = ::fork();
    ASSERT_GE(pid_, 0);
    if (pid_ == 0) {
      // Dies with the test binary, however that ends.
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      ::execl("/usr/bin/python3", "python3", "-c", kSinkScript, port.c_str(), folder_.c_str(),
              ready.c_str(), config.tls.c_str(), config.cert.c_str(), config.key.c_str(),
              config.login.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 1000 && !fs::exists(ready); ++i) {
      int status = 0;
      ASSERT_EQ(::waitpid(pid_, &status, WNOHANG), 0) << "aiosmtpd exited early";
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_TRUE(fs::exists(ready)) << "aiosmtpd did not start";
  }

  void Stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  // Every message received so far.
  std::vector<nlohmann::json> Received() const {
    std::vector<nlohmann::json> out;
    for (const auto& e : fs::directory_iterator(folder_)) {
      if (e.path().extension() != ".json") continue;
      std::ifstream in(e.path());
      out.push_back(nlohmann::json::parse(in));
    }
    return out;
  }

  // Forgets what was received.
  void Clear() {
    for (const auto& e : fs::directory_iterator(folder_)) fs::remove(e.path());
  }

  int port() const { return port_; }
  bool running() const { return pid_ > 0; }
  const SinkConfig& config() const { return config_; }

 private:
  const int port_;
  const std::string folder_;
  SinkConfig config_;
  pid_t pid_ = -1;
};

// Lines as Python's email package returns them, without CR.
std::string WithoutCr(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '\r'), s.end());
  return s;
}

notify::SmtpOptions PlainSmtp(int port) {
  notify::SmtpOptions o;
  o.host = "127.0.0.1";
  o.port = port;
  o.tls = notify::SmtpTls::kNone;
  o.message = {"ams@pekalongankota.go.id", "AMS Kota Pekalongan"};
  // Short limits keep the tests fast; loopback answers in milliseconds.
  o.connect_timeout = std::chrono::milliseconds(1000);
  o.timeout = std::chrono::milliseconds(5000);
  return o;
}

// One aiosmtpd for the whole binary (starting Python costs ~0.3 s a test):
// each test gets it running in plain mode with an empty mail folder, and may
// stop it or restart it with TLS; the next test puts it back.
class SmtpTestBase {
 protected:
  void StartSink() {
    root_ = testutil::MakeTempDir();
    static SmtpSink* shared = [] {
      const std::string folder = testutil::MakeTempDir() + "/mail";
      fs::create_directory(folder);
      return new SmtpSink(FreePort(), folder);  // killed by PR_SET_PDEATHSIG at exit
    }();
    sink_ = shared;
    if (!sink_->running() || sink_->config().tls != "none" || !sink_->config().login.empty()) {
      sink_->Stop();
      sink_->Start();
    }
    sink_->Clear();
  }
  void RemoveSink() {
    if (!root_.empty()) fs::remove_all(root_);
  }

  std::string root_;
  SmtpSink* sink_ = nullptr;
};

class OutboxDispatchTest : public ::testing::TestWithParam<Engine>, public SmtpTestBase {
 protected:
  void SetUp() override {
    store_ = testutil::OpenFreshStore(GetParam(), &url_);
    if (!store_) GTEST_SKIP() << "AMS_TEST_PG_URL is not set (make test sets it)";
    ASSERT_NO_FATAL_FAILURE(StartSink());
    auto sender = notify::SmtpSender::Create(PlainSmtp(sink_->port()), clock_);
    ASSERT_TRUE(sender.ok()) << sender.status().ToString();
    sender_ = std::move(*sender);
    options_.log = [this](const std::string& line) { log_.push_back(line); };
  }
  void TearDown() override { RemoveSink(); }

  void Enqueue(const std::string& to, const std::string& subject, const std::string& body,
               const std::string& key) {
    OutgoingMail m;
    m.to = to;
    m.subject = subject;
    m.body_text = body;
    m.dedup_key = key;
    m.next_attempt_at = clock_.Now();
    Status s = store_->InTransaction(
        [&](store::Transaction& tx) { return tx.outbox().Enqueue(m).status(); });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  int64_t Pending() {
    int64_t n = -1;
    Status s = store_->Read([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(n, tx.outbox().CountPending());
      return Status();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return n;
  }

  // Every unsent row, given-up ones too.
  std::vector<OutgoingMail> Unsent() {
    std::vector<OutgoingMail> rows;
    Status s = store_->Read([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(rows, tx.outbox().ListUnsent(1000));
      return Status();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return rows;
  }

  int64_t GivenUp() {
    int64_t n = -1;
    Status s = store_->Read([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(n, tx.outbox().CountFailed());
      return Status();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return n;
  }

  DispatchStats RunOnce(OutboxDispatcher& dispatcher) {
    Result<DispatchStats> stats = dispatcher.RunOnce();
    EXPECT_TRUE(stats.ok()) << stats.status().ToString();
    return stats.ok() ? *stats : DispatchStats{};
  }

  // Received messages by recipient.
  std::map<std::string, std::vector<nlohmann::json>> ByRecipient() {
    std::map<std::string, std::vector<nlohmann::json>> out;
    for (auto& m : sink_->Received()) out[m["to"].get<std::string>()].push_back(m);
    return out;
  }

  FakeClock clock_{FromUnixSeconds(1796096195)};
  std::unique_ptr<store::Store> store_;
  std::string url_;
  std::unique_ptr<notify::SmtpSender> sender_;
  notify::DispatcherOptions options_;
  std::vector<std::string> log_;
};

std::string Subject(int i) {
  return "Sertifikat elektronik #" + std::to_string(i) +
         " akan kedaluwarsa \xe2\x80\x94 perpanjang";
}
std::string Body(int i) {
  return "Yth. Pegawai " + std::to_string(i) +
         ",\n\nSertifikat Anda berlaku s.d. 31 Desember 2026.\n.\nSalam,\nKantor Pendaftaran\n";
}
std::string To(int i) { return "pegawai" + std::to_string(i) + "@pekalongankota.go.id"; }

TEST_P(OutboxDispatchTest, DeliversEachMailOnceAndRetriesAfterAnOutage) {
  OutboxDispatcher dispatcher(*store_, *sender_, clock_, options_);
  for (int i = 0; i < 5; ++i) Enqueue(To(i), Subject(i), Body(i), "k" + std::to_string(i));

  DispatchStats first = RunOnce(dispatcher);
  EXPECT_EQ(first.claimed, 5);
  EXPECT_EQ(first.sent, 5);
  auto got = ByRecipient();
  ASSERT_EQ(got.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(got[To(i)].size(), 1u) << To(i);
    const nlohmann::json& m = got[To(i)][0];
    EXPECT_EQ(m["rcpt_tos"], nlohmann::json::array({To(i)}));
    EXPECT_EQ(m["mail_from"], "ams@pekalongankota.go.id");
    EXPECT_EQ(m["subject"], Subject(i));
    EXPECT_EQ(WithoutCr(m["body"]), Body(i));
    EXPECT_TRUE(m["defects"].empty()) << m["defects"].dump();
  }
  EXPECT_EQ(RunOnce(dispatcher).claimed, 0);
  EXPECT_EQ(Pending(), 0);

  // The server goes away: nothing is lost, everything waits for the back-off.
  sink_->Stop();
  for (int i = 5; i < 8; ++i) Enqueue(To(i), Subject(i), Body(i), "k" + std::to_string(i));
  DispatchStats down = RunOnce(dispatcher);
  EXPECT_EQ(down.claimed, 3);
  EXPECT_EQ(down.sent, 0);
  EXPECT_EQ(down.retried, 3);
  EXPECT_EQ(down.deferred, 2);  // one connect attempt, not three
  EXPECT_EQ(Pending(), 3);
  int attempts = 0;
  for (const OutgoingMail& m : Unsent()) {
    attempts += m.attempts;
    EXPECT_EQ(m.next_attempt_at, clock_.Now() + std::chrono::seconds(30));
    EXPECT_NE(m.last_error.find(notify::kMailServerUnavailable), std::string::npos) << m.last_error;
  }
  EXPECT_EQ(attempts, 1) << "the two not tried spent no attempt";

  sink_->Start();
  EXPECT_EQ(RunOnce(dispatcher).claimed, 0) << "not due before the back-off";
  clock_.Advance(std::chrono::seconds(31));
  DispatchStats again = RunOnce(dispatcher);
  EXPECT_EQ(again.sent, 3);
  got = ByRecipient();
  ASSERT_EQ(got.size(), 8u);
  for (int i = 0; i < 8; ++i) {
    ASSERT_EQ(got[To(i)].size(), 1u) << To(i);
    EXPECT_EQ(got[To(i)][0]["subject"], Subject(i));
  }
  EXPECT_EQ(Pending(), 0);
}

TEST_P(OutboxDispatchTest, RefusedRecipientIsGivenUpAndKept) {
  OutboxDispatcher dispatcher(*store_, *sender_, clock_, options_);
  Enqueue("refuse@pekalongankota.go.id", "Uji", "Halo", "a");
  Enqueue("later@pekalongankota.go.id", "Uji", "Halo", "b");
  Enqueue(To(1), "Uji", "Halo", "c");

  DispatchStats stats = RunOnce(dispatcher);
  EXPECT_EQ(stats.sent, 1);
  EXPECT_EQ(stats.gave_up, 1);
  EXPECT_EQ(stats.retried, 1);
  EXPECT_EQ(stats.deferred, 0) << "a 4xx for one recipient says nothing about the next";
  std::map<std::string, OutgoingMail> rows;
  for (OutgoingMail& m : Unsent()) rows[m.to] = m;
  ASSERT_EQ(rows.size(), 2u);
  const OutgoingMail& refused = rows["refuse@pekalongankota.go.id"];
  EXPECT_EQ(refused.last_error.rfind(notify::kGaveUpPrefix, 0), 0u) << refused.last_error;
  EXPECT_NE(refused.last_error.find("smtp_recipient_refused"), std::string::npos);
  EXPECT_TRUE(refused.failed_at.has_value());
  EXPECT_EQ(GivenUp(), 1);
  EXPECT_EQ(Pending(), 1) << "a given-up mail is kept, but not pending";
  const OutgoingMail& later = rows["later@pekalongankota.go.id"];
  EXPECT_NE(later.last_error.find("smtp_temporary_failure"), std::string::npos);
  EXPECT_EQ(later.next_attempt_at, clock_.Now() + std::chrono::seconds(30));
  ASSERT_EQ(log_.size(), 2u);
  EXPECT_NE(log_[0].find("gave up mail"), std::string::npos) << log_[0];

  clock_.Advance(std::chrono::hours(24 * 365));
  EXPECT_EQ(RunOnce(dispatcher).claimed, 1) << "only the 4xx one comes back";
  EXPECT_EQ(sink_->Received().size(), 1u);
}

TEST_P(OutboxDispatchTest, GivesUpAfterMaxAttempts) {
  options_.max_attempts = 3;
  OutboxDispatcher dispatcher(*store_, *sender_, clock_, options_);
  sink_->Stop();
  Enqueue(To(1), "Uji", "Halo", "a");
  EXPECT_EQ(RunOnce(dispatcher).retried, 1);
  clock_.Advance(std::chrono::seconds(30));
  EXPECT_EQ(RunOnce(dispatcher).retried, 1);
  clock_.Advance(std::chrono::seconds(60));
  DispatchStats last = RunOnce(dispatcher);
  EXPECT_EQ(last.gave_up, 1);
  std::vector<OutgoingMail> rows = Unsent();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].attempts, 3);
  EXPECT_EQ(rows[0].last_error.rfind(notify::kGaveUpPrefix, 0), 0u);
  EXPECT_EQ(rows[0].failed_at, clock_.Now());
  EXPECT_EQ(Pending(), 0) << "issue #4: a given-up mail is not counted as pending";
  EXPECT_EQ(GivenUp(), 1);
  clock_.Advance(std::chrono::hours(24 * 365));
  EXPECT_EQ(RunOnce(dispatcher).claimed, 0);
}

TEST_P(OutboxDispatchTest, BackgroundThreadSendsOnWakeAndStopsPromptly) {
  options_.interval = std::chrono::hours(1);  // only Wake and Start run a round
  OutboxDispatcher dispatcher(*store_, *sender_, clock_, options_);
  dispatcher.Start();
  Enqueue(To(1), "Uji", "Halo", "a");
  dispatcher.Wake();
  for (int i = 0; i < 500 && sink_->Received().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(sink_->Received().size(), 1u);
  const auto before = std::chrono::steady_clock::now();
  dispatcher.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(5));
  dispatcher.Stop();  // idempotent
  EXPECT_EQ(Pending(), 0);
}

TEST_P(OutboxDispatchTest, WritesEmlFilesThroughTheSameDispatcher) {
  auto eml = notify::EmlSender::Create(root_ + "/eml", {"ams@pekalongankota.go.id", ""}, clock_);
  ASSERT_TRUE(eml.ok());
  OutboxDispatcher dispatcher(*store_, **eml, clock_, options_);
  for (int i = 0; i < 3; ++i) Enqueue(To(i), Subject(i), Body(i), "k" + std::to_string(i));
  EXPECT_EQ(RunOnce(dispatcher).sent, 3);
  int files = 0;
  for (const auto& e : fs::directory_iterator(root_ + "/eml"))
    files += e.path().extension() == ".eml";
  EXPECT_EQ(files, 3);
  EXPECT_EQ(Pending(), 0);
}

// Two nodes (two Store instances on one database) dispatch at once: on
// PostgreSQL FOR UPDATE SKIP LOCKED splits the rows, on SQLite the write lock
// serialises the rounds. Either way each mail goes out exactly once.
TEST_P(OutboxDispatchTest, TwoDispatchersNeverSendTheSameMailTwice) {
  constexpr int kMails = 40;
  for (int i = 0; i < kMails; ++i) Enqueue(To(i), Subject(i), Body(i), "k" + std::to_string(i));
  auto other = store::OpenStore(url_);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  options_.batch = 5;
  options_.log = nullptr;
  OutboxDispatcher a(*store_, *sender_, clock_, options_);
  OutboxDispatcher b(**other, *sender_, clock_, options_);

  std::atomic<int> sent_a{0}, sent_b{0}, errors{0};
  std::barrier start(2);
  auto drain = [&](OutboxDispatcher& d, std::atomic<int>& sent) {
    start.arrive_and_wait();
    for (int round = 0; round < 100; ++round) {
      Result<DispatchStats> stats = d.RunOnce();
      if (!stats.ok()) {
        ++errors;  // a lost race reported as kConflict: the rows stay due
        continue;
      }
      sent += stats->sent;
      if (stats->claimed == 0) break;
    }
  };
  std::thread ta(drain, std::ref(a), std::ref(sent_a));
  std::thread tb(drain, std::ref(b), std::ref(sent_b));
  ta.join();
  tb.join();
  // Whatever one node skipped while the other held it, a last round collects.
  sent_a += RunOnce(a).sent;

  EXPECT_EQ(sent_a + sent_b, kMails);
  auto got = ByRecipient();
  ASSERT_EQ(got.size(), static_cast<size_t>(kMails));
  for (int i = 0; i < kMails; ++i) EXPECT_EQ(got[To(i)].size(), 1u) << To(i);
  EXPECT_EQ(Pending(), 0);
  RecordProperty("sent_by_a", sent_a.load());
  RecordProperty("sent_by_b", sent_b.load());
  RecordProperty("lost_races", errors.load());
}

TEST_P(OutboxDispatchTest, AHangingServerCostsOneTimeoutPerRoundNotOnePerMail) {
  SilentServer silent;
  notify::SmtpOptions o = PlainSmtp(silent.port());
  o.timeout = std::chrono::milliseconds(300);
  auto sender = notify::SmtpSender::Create(o, clock_);
  ASSERT_TRUE(sender.ok());
  OutboxDispatcher dispatcher(*store_, **sender, clock_, options_);
  for (int i = 0; i < 10; ++i) Enqueue(To(i), "Uji", "Halo", "k" + std::to_string(i));
  const auto before = std::chrono::steady_clock::now();
  DispatchStats stats = RunOnce(dispatcher);
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(2));
  EXPECT_EQ(stats.retried, 10);
  EXPECT_EQ(stats.deferred, 9);
  EXPECT_EQ(Pending(), 10);
}

// Wraps a real store so that every transaction is tried twice: the first run
// of the work is rolled back as if the commit had lost a race, as
// Store::InTransaction does before it retries.
class RetryingStore final : public testutil::StoreWrapper {
 public:
  using StoreWrapper::StoreWrapper;
  Status InTransaction(const std::function<Status(store::Transaction&)>& work) override {
    Status first = StoreWrapper::InTransaction([&](store::Transaction& tx) -> Status {
      AMS_RETURN_IF_ERROR(work(tx));
      return Status::Conflict("concurrent_update", "forced by the test");
    });
    if (first.reason() != "concurrent_update") return first;
    return StoreWrapper::InTransaction(work);
  }
};

TEST_P(OutboxDispatchTest, ARetriedTransactionDoesNotSendAgain) {
  RetryingStore retrying(*store_);
  OutboxDispatcher dispatcher(retrying, *sender_, clock_, options_);
  for (int i = 0; i < 3; ++i) Enqueue(To(i), Subject(i), Body(i), "k" + std::to_string(i));
  EXPECT_EQ(RunOnce(dispatcher).sent, 3);
  auto got = ByRecipient();
  ASSERT_EQ(got.size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(got[To(i)].size(), 1u) << To(i);
  EXPECT_EQ(Pending(), 0);
}

// A Sender that takes its time and counts what it was given.
class SlowSender final : public notify::Sender {
 public:
  explicit SlowSender(std::chrono::milliseconds delay) : delay_(delay) {}
  Status Send(const OutgoingMail& mail) override {
    std::this_thread::sleep_for(delay_);
    std::lock_guard<std::mutex> lock(mu_);
    ++sent_[mail.id];
    return Status();
  }
  std::map<int64_t, int> sent() {
    std::lock_guard<std::mutex> lock(mu_);
    return sent_;
  }

 private:
  const std::chrono::milliseconds delay_;
  std::mutex mu_;
  std::map<int64_t, int> sent_;
};

TEST_P(OutboxDispatchTest, ARoundStartsNoSendAfterItsBudget) {
  SlowSender slow(std::chrono::milliseconds(40));
  options_.round_budget = std::chrono::milliseconds(60);
  OutboxDispatcher dispatcher(*store_, slow, clock_, options_);
  for (int i = 0; i < 5; ++i) Enqueue(To(i), "Uji", "Halo", "k" + std::to_string(i));

  DispatchStats first = RunOnce(dispatcher);
  EXPECT_EQ(first.claimed, 5);
  EXPECT_GE(first.sent, 1);
  EXPECT_GE(first.left_over, 1);
  EXPECT_EQ(first.sent + first.left_over, 5);
  for (const OutgoingMail& m : Unsent()) {
    EXPECT_EQ(m.attempts, 0) << "a mail not tried is not an attempt";
    EXPECT_TRUE(m.last_error.empty());
  }
  for (int round = 0; round < 10 && Pending() > 0; ++round) RunOnce(dispatcher);
  EXPECT_EQ(Pending(), 0);
  std::map<int64_t, int> sent = slow.sent();
  EXPECT_EQ(sent.size(), 5u);
  for (const auto& [id, times] : sent) EXPECT_EQ(times, 1) << "mail " << id;
}

// A Sender that, while "talking to the server", runs `during` (another
// node's claim, another writer) and records what it saw.
class ProbingSender final : public notify::Sender {
 public:
  explicit ProbingSender(std::function<void()> during) : during_(std::move(during)) {}
  Status Send(const OutgoingMail& mail) override {
    during_();
    ++sent_[mail.id];
    return Status();
  }
  std::map<int64_t, int> sent_;

 private:
  std::function<void()> during_;
};

// Issue #4, defect (a): the mail is sent outside any transaction. While the
// sender talks, another writer commits at once (on SQLite the write lock is
// free) and another node's claim finds the mail leased, not due.
TEST_P(OutboxDispatchTest, SendsOutsideAnyTransactionUnderALease) {
  auto other = store::OpenStore(url_);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  std::vector<std::string> seen;
  ProbingSender probing([&] {
    const auto start = std::chrono::steady_clock::now();
    Status write = (*other)->InTransaction([&](store::Transaction& tx) -> Status {
      OutgoingMail m;
      m.to = "lain@pekalongankota.go.id";
      m.subject = "s";
      m.body_text = "b";
      m.next_attempt_at = clock_.Now() + std::chrono::hours(1);
      AMS_RETURN_IF_ERROR(tx.outbox().Enqueue(m).status());
      AMS_ASSIGN_OR_RETURN(auto claimed,
                           tx.outbox().ClaimDue(clock_.Now(), clock_.Now() + std::chrono::minutes(10), 10));
      seen.push_back("claimed " + std::to_string(claimed.size()));
      return Status();
    });
    seen.push_back(write.ok() ? "write ok" : "write failed: " + write.ToString());
    const auto waited = std::chrono::steady_clock::now() - start;
    EXPECT_LT(waited, std::chrono::seconds(2)) << "nobody holds a lock while a mail is sent";
  });
  OutboxDispatcher dispatcher(*store_, probing, clock_, options_);
  Enqueue(To(1), "Uji", "Halo", "a");
  DispatchStats stats = RunOnce(dispatcher);
  EXPECT_EQ(stats.sent, 1);
  EXPECT_EQ(seen, (std::vector<std::string>{"claimed 0", "write ok"}));
  EXPECT_EQ(Pending(), 1) << "only the other writer's mail, due in an hour";
}

// Counts the write transactions.
class CountingStore final : public testutil::StoreWrapper {
 public:
  using StoreWrapper::StoreWrapper;
  Status InTransaction(const std::function<Status(store::Transaction&)>& work) override {
    ++transactions;
    return StoreWrapper::InTransaction(work);
  }
  int transactions = 0;
};

// One commit for the outcomes of a stretch of the round, not one per mail.
TEST_P(OutboxDispatchTest, TheOutcomesOfARoundShareOneTransaction) {
  CountingStore counting(*store_);
  options_.record_every = std::chrono::hours(1);
  {
    OutboxDispatcher dispatcher(counting, *sender_, clock_, options_);
    for (int i = 0; i < 6; ++i) Enqueue(To(i), Subject(i), Body(i), "k" + std::to_string(i));
    EXPECT_EQ(RunOnce(dispatcher).sent, 6);
    EXPECT_EQ(counting.transactions, 2) << "the claim, then the six outcomes";
    EXPECT_EQ(Pending(), 0);
  }
  // record_every zero: each outcome is recorded as soon as it is known.
  options_.record_every = std::chrono::milliseconds(0);
  counting.transactions = 0;
  OutboxDispatcher dispatcher(counting, *sender_, clock_, options_);
  for (int i = 6; i < 9; ++i) Enqueue(To(i), Subject(i), Body(i), "k" + std::to_string(i));
  EXPECT_EQ(RunOnce(dispatcher).sent, 3);
  EXPECT_EQ(counting.transactions, 4);
  EXPECT_EQ(sink_->Received().size(), 9u);
}

// A Sender that hands every mail over but cannot make that durable.
class UnflushableSender final : public notify::Sender {
 public:
  Status Send(const OutgoingMail&) override {
    ++sent;
    return Status();
  }
  Status Flush() override {
    ++flushes;
    return Status::Unavailable("eml_write_failed", "disk full (test)");
  }
  int sent = 0;
  int flushes = 0;
};

TEST_P(OutboxDispatchTest, MailsWhoseDeliveryCannotBeFlushedAreRetriedNotMarkedSent) {
  UnflushableSender unflushable;
  OutboxDispatcher dispatcher(*store_, unflushable, clock_, options_);
  for (int i = 0; i < 3; ++i) Enqueue(To(i), Subject(i), Body(i), "k" + std::to_string(i));
  DispatchStats stats = RunOnce(dispatcher);
  EXPECT_EQ(unflushable.sent, 3);
  EXPECT_EQ(unflushable.flushes, 1) << "once for the stretch, before it is recorded";
  EXPECT_EQ(stats.sent, 0);
  EXPECT_EQ(stats.retried, 3);
  EXPECT_EQ(Pending(), 3);
  ASSERT_FALSE(log_.empty());
  EXPECT_NE(log_.front().find("3 mail(s) handed over but not made durable"), std::string::npos)
      << log_.front();
  for (const OutgoingMail& m : Unsent()) {
    EXPECT_EQ(m.attempts, 1);
    EXPECT_NE(m.last_error.find("eml_write_failed"), std::string::npos) << m.last_error;
  }
}

// A dispatcher that dies after its claim: the mail waits out the lease, then
// goes to the next claim; the dead one's late outcome changes nothing.
TEST_P(OutboxDispatchTest, AnExpiredLeaseGoesToTheNextClaimAndTheOldOneIsVoid) {
  Enqueue(To(1), "Uji", "Halo", "a");
  const TimePoint t0 = clock_.Now();
  std::vector<OutgoingMail> first, early, second;
  auto claim = [&](TimePoint now, std::vector<OutgoingMail>& out) {
    Status s = store_->InTransaction([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(out, tx.outbox().ClaimDue(now, now + std::chrono::minutes(10), 10));
      return Status();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  };
  claim(t0, first);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].attempts, 1);
  claim(t0 + std::chrono::minutes(9), early);
  EXPECT_TRUE(early.empty()) << "leased";
  claim(t0 + std::chrono::minutes(10), second);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].attempts, 2);

  Result<bool> stale = false, current = false;
  Status s = store_->InTransaction([&](store::Transaction& tx) -> Status {
    stale = tx.outbox().MarkSent(first[0].id, first[0].attempts, clock_.Now());
    current = tx.outbox().MarkFailed(second[0].id, second[0].attempts, "down", t0);
    return Status();
  });
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(stale.ok() && current.ok());
  EXPECT_FALSE(*stale) << "the first lease is void";
  EXPECT_TRUE(*current);
  EXPECT_EQ(Pending(), 1) << "not marked sent by the stale holder";
}

// The lease on PostgreSQL, several nodes at once, one sink: each node is a
// Store of its own (its own connections) with its own dispatcher thread, and
// the sender is slow enough that claims overlap sends. Every mail arrives
// once.
TEST_P(OutboxDispatchTest, ThreeNodesWithSlowSendsDeliverEachMailOnce) {
  constexpr int kMails = 30;
  for (int i = 0; i < kMails; ++i) Enqueue(To(i), Subject(i), Body(i), "k" + std::to_string(i));
  options_.batch = 4;
  options_.log = nullptr;
  std::vector<std::unique_ptr<store::Store>> nodes;
  std::vector<std::unique_ptr<OutboxDispatcher>> dispatchers;
  for (int n = 0; n < 3; ++n) {
    auto s = store::OpenStore(url_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    nodes.push_back(std::move(*s));
  }
  SlowSender slow(std::chrono::milliseconds(15));
  for (auto& node : nodes) {
    dispatchers.push_back(std::make_unique<OutboxDispatcher>(*node, slow, clock_, options_));
  }
  std::atomic<int> sent{0};
  std::barrier start(3);
  auto drain = [&](OutboxDispatcher& d) {
    start.arrive_and_wait();
    for (int round = 0; round < 200; ++round) {
      Result<DispatchStats> stats = d.RunOnce();
      if (!stats.ok()) continue;  // a lost race: nothing was claimed
      sent += stats->sent;
      if (stats->claimed == 0) break;
    }
  };
  std::vector<std::thread> threads;
  for (auto& d : dispatchers) threads.emplace_back(drain, std::ref(*d));
  for (auto& t : threads) t.join();
  sent += RunOnce(*dispatchers[0]).sent;

  EXPECT_EQ(sent.load(), kMails);
  std::map<int64_t, int> by_id = slow.sent();
  EXPECT_EQ(by_id.size(), static_cast<size_t>(kMails));
  for (const auto& [id, times] : by_id) EXPECT_EQ(times, 1) << "mail " << id;
  EXPECT_EQ(Pending(), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, OutboxDispatchTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return testutil::EngineName(info.param); });

// The SMTP sender alone: how server replies map to Status.
class SmtpSenderTest : public ::testing::Test, public SmtpTestBase {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(StartSink()); }
  void TearDown() override { RemoveSink(); }

  Status Send(const notify::SmtpOptions& options, const std::string& to) {
    auto sender = notify::SmtpSender::Create(options, clock_);
    EXPECT_TRUE(sender.ok()) << sender.status().ToString();
    if (!sender.ok()) return sender.status();
    OutgoingMail m;
    m.id = 1;
    m.to = to;
    m.subject = "Uji";
    m.body_text = "Halo";
    return (*sender)->Send(m);
  }

  FakeClock clock_{FromUnixSeconds(1796096195)};
};

TEST_F(SmtpSenderTest, MapsRepliesToCodes) {
  const notify::SmtpOptions o = PlainSmtp(sink_->port());
  EXPECT_TRUE(Send(o, "siti@pekalongankota.go.id").ok());
  Status refused = Send(o, "refuse@pekalongankota.go.id");
  EXPECT_EQ(refused.code(), Code::kInvalidArgument);
  EXPECT_EQ(refused.reason(), "smtp_recipient_refused");
  Status later = Send(o, "later@pekalongankota.go.id");
  EXPECT_EQ(later.code(), Code::kUnavailable);
  EXPECT_EQ(later.reason(), "smtp_temporary_failure");
  Status injected = Send(o, "siti@pekalongankota.go.id>\r\nRCPT TO:<eve@example.com");
  EXPECT_EQ(injected.reason(), "mail_header_injection");
  EXPECT_EQ(sink_->Received().size(), 1u);

  sink_->Stop();
  Status down = Send(o, "siti@pekalongankota.go.id");
  EXPECT_EQ(down.code(), Code::kUnavailable);
  EXPECT_EQ(down.reason(), notify::kMailServerUnavailable);
}

TEST_F(SmtpSenderTest, StartTlsIsRequiredNotOptional) {
  notify::SmtpOptions o = PlainSmtp(sink_->port());
  o.tls = notify::SmtpTls::kStartTls;  // the sink offers no STARTTLS
  Status s = Send(o, "siti@pekalongankota.go.id");
  EXPECT_EQ(s.code(), Code::kUnavailable);
  EXPECT_EQ(s.reason(), notify::kMailServerUnavailable);
  EXPECT_TRUE(sink_->Received().empty()) << "never a silent fallback to plain text";
}

TEST_F(SmtpSenderTest, SendsOverStartTlsWithLogin) {
  sink_->Stop();
  const std::string cert = root_ + "/cert.pem", key = root_ + "/key.pem";
  ASSERT_TRUE(MakeCertificate(root_));
  sink_->Start({"starttls", cert, key, "ams-relay:rahasia s3kret"});

  notify::SmtpOptions o = PlainSmtp(sink_->port());
  o.tls = notify::SmtpTls::kStartTls;
  o.ca_file = cert;
  o.user = "ams-relay";
  o.password = SecretString("rahasia s3kret");
  ASSERT_TRUE(Send(o, "siti@pekalongankota.go.id").ok());
  auto got = sink_->Received();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0]["tls"].get<bool>());
  EXPECT_EQ(got[0]["login"], "ams-relay");

  o.password = SecretString("salah");
  Status wrong = Send(o, "siti@pekalongankota.go.id");
  EXPECT_EQ(wrong.code(), Code::kUnavailable);
  EXPECT_EQ(wrong.reason(), "smtp_login_failed");
  EXPECT_EQ(wrong.detail().find("salah"), std::string::npos);

  o.ca_file.clear();  // the system store does not know this certificate
  o.password = SecretString("rahasia s3kret");
  EXPECT_EQ(Send(o, "siti@pekalongankota.go.id").reason(), notify::kMailServerUnavailable);
  EXPECT_EQ(sink_->Received().size(), 1u);
}

TEST_F(SmtpSenderTest, SendsOverImplicitTls) {
  sink_->Stop();
  ASSERT_TRUE(MakeCertificate(root_));
  sink_->Start({"implicit", root_ + "/cert.pem", root_ + "/key.pem", ""});
  notify::SmtpOptions o = PlainSmtp(sink_->port());
  o.tls = notify::SmtpTls::kImplicit;
  o.ca_file = root_ + "/cert.pem";
  Status s = Send(o, "siti@pekalongankota.go.id");
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto got = sink_->Received();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0]["tls"].get<bool>());
}

TEST_F(SmtpSenderTest, AServerThatHangsTimesOutAsUnavailable) {
  SilentServer silent;
  notify::SmtpOptions o = PlainSmtp(silent.port());
  o.timeout = std::chrono::milliseconds(300);
  const auto before = std::chrono::steady_clock::now();
  Status s = Send(o, "siti@pekalongankota.go.id");
  EXPECT_EQ(s.code(), Code::kUnavailable);
  EXPECT_EQ(s.reason(), notify::kMailServerUnavailable) << s.ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(3));
}

TEST(SmtpSenderCreateTest, RefusesUnsafeOrIncompleteOptions) {
  FakeClock clock(FromUnixSeconds(0));
  notify::SmtpOptions o = PlainSmtp(25);
  o.user = "ams";
  EXPECT_EQ(notify::SmtpSender::Create(o, clock).status().reason(), "smtp_auth_requires_tls");
  o = PlainSmtp(25);
  o.host = "";
  EXPECT_EQ(notify::SmtpSender::Create(o, clock).status().reason(), "invalid_smtp_options");
  o = PlainSmtp(70000);
  EXPECT_EQ(notify::SmtpSender::Create(o, clock).status().reason(), "invalid_smtp_options");
  o = PlainSmtp(25);
  o.message.from_address = "ams";
  EXPECT_EQ(notify::SmtpSender::Create(o, clock).status().reason(), "invalid_mail_sender");
  EXPECT_EQ(notify::ParseSmtpTls("starttls").value(), notify::SmtpTls::kStartTls);
  EXPECT_EQ(notify::ParseSmtpTls("tls").value(), notify::SmtpTls::kImplicit);
  EXPECT_EQ(notify::ParseSmtpTls("none").value(), notify::SmtpTls::kNone);
  EXPECT_EQ(notify::ParseSmtpTls("ssl").status().reason(), "invalid_smtp_tls");
}

}  // namespace
}  // namespace ams
