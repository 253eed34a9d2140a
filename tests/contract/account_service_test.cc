// AccountService on the real engines with a fake clock: the timelines that
// the end-to-end suite cannot wait for (lockout expiry, session expiry, TOTP
// steps).
#include "auth/account_service.h"

#include <gtest/gtest.h>

#include "audit/audit_service.h"
#include "auth/totp.h"
#include "testutil/fresh_store.h"

namespace ams::auth {
namespace {

using testutil::Engine;
constexpr char kPassword[] = "teh-poci-gula-batu";

class AccountServiceTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    store_ = testutil::OpenFreshStore(GetParam());
    if (!store_) GTEST_SKIP() << "AMS_TEST_PG_URL is not set (make test sets it)";
    AccountOptions options;
    options.hash_limits = PasswordHashLimits::MinimumForTests();
    options.session_ttl = std::chrono::hours(1);
    options.totp_key = key_;
    service_ = std::make_unique<AccountService>(*store_, clock_, random_, options);
  }

  int64_t Add(const std::string& email, Role role) {
    NewAccount in;
    in.email = email;
    in.display_name = "Pegawai Uji";
    in.password = SecretString(kPassword);
    in.role = role;
    Result<int64_t> id = service_->CreateAccount(Actor::System(), in);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  // An admin account, as the actor it signs in as.
  Actor AddAdmin() {
    Actor admin;
    admin.account_id = Add("admin@pekalongankota.go.id", Role::kAdmin);
    admin.role = Role::kAdmin;
    return admin;
  }

  Result<LoginResult> Login(const std::string& email, const std::string& password,
                            const std::string& code = "") {
    return service_->Login(email, SecretString(password), code, "127.0.0.1");
  }

  // The TOTP secret an authenticator app would hold: opened from the store.
  TotpSecret StoredTotpSecret(int64_t account_id) {
    TotpSecret secret;
    EXPECT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(Account a, tx.accounts().FindById(account_id));
      AMS_ASSIGN_OR_RETURN(std::string raw, key_->Open(a.totp_secret_stored));
      secret = TotpSecret(std::vector<uint8_t>(raw.begin(), raw.end()));
      return Status();
    }).ok());
    return secret;
  }

  FakeClock clock_{FromUnixSeconds(1796096195)};
  SecureRandom random_;
  std::shared_ptr<const SealingKey> key_ =
      std::make_shared<const SealingKey>(SealingKey::Generate(random_));
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<AccountService> service_;
};

TEST_P(AccountServiceTest, LockoutEndsAfterItsDuration) {
  Add("kunci@pekalongankota.go.id", Role::kApplicant);
  for (int i = 0; i < 10; ++i) {
    clock_.Advance(std::chrono::seconds(61));  // past every back-off
    EXPECT_EQ(Login("kunci@pekalongankota.go.id", "salah-terus-menerus").status().reason(),
              "login_failed") << i;
  }
  clock_.Advance(std::chrono::seconds(61));
  Result<LoginResult> locked = Login("kunci@pekalongankota.go.id", kPassword);
  EXPECT_EQ(locked.status().reason(), "account_locked") << "even the right password waits";
  clock_.Advance(std::chrono::minutes(15));
  Result<LoginResult> ok = Login("kunci@pekalongankota.go.id", kPassword);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->account.failed_logins, 0) << "a success resets the count";
}

TEST_P(AccountServiceTest, SessionsExpire) {
  Add("sesi@pekalongankota.go.id", Role::kApplicant);
  Result<LoginResult> login = Login("sesi@pekalongankota.go.id", kPassword);
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  EXPECT_TRUE(service_->AuthenticateSession(login->session_token).ok());
  clock_.Advance(std::chrono::minutes(61));
  EXPECT_EQ(service_->AuthenticateSession(login->session_token).status().reason(),
            "session_expired");
}

TEST_P(AccountServiceTest, SecondFactorCodesWorkOnceAndRecoveryCodesOnce) {
  int64_t id = Add("admin2@pekalongankota.go.id", Role::kAdmin);
  Result<LoginResult> first = Login("admin2@pekalongankota.go.id", kPassword);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->second_factor_enrolment_required);
  EXPECT_EQ(service_->AuthenticateSession(first->session_token).status().reason(),
            "second_factor_enrolment_required");
  auto actor_session = service_->AuthenticateSession(first->session_token, auth::SessionAccepts::kAny);
  ASSERT_TRUE(actor_session.ok());
  Actor actor = actor_session->first;
  Result<TotpEnrolment> enrolment = service_->StartTotpEnrolment(actor);
  ASSERT_TRUE(enrolment.ok());

  // The code an authenticator app would show now, from the stored secret.
  const TotpSecret secret = StoredTotpSecret(id);
  ASSERT_EQ(TotpSecretToBase32(secret), enrolment->secret_base32);
  auto code_now = [&] { return *TotpCodeAt(secret, TotpStep(clock_.Now())); };
  auto recovery = service_->ConfirmTotp(actor, first->session_token, code_now());
  ASSERT_TRUE(recovery.ok()) << recovery.status().ToString();
  EXPECT_TRUE(service_->AuthenticateSession(first->session_token).ok()) << "fully signed in now";

  EXPECT_EQ(Login("admin2@pekalongankota.go.id", kPassword, code_now()).status().reason(),
            "login_failed") << "the enrolment code was used in this step already";
  clock_.Advance(std::chrono::seconds(30));
  EXPECT_TRUE(Login("admin2@pekalongankota.go.id", kPassword, code_now()).ok());
  clock_.Advance(std::chrono::seconds(2));
  EXPECT_TRUE(Login("admin2@pekalongankota.go.id", kPassword, recovery->at(0)).ok());
  clock_.Advance(std::chrono::seconds(2));
  EXPECT_FALSE(Login("admin2@pekalongankota.go.id", kPassword, recovery->at(0)).ok())
      << "a recovery code works once";
  EXPECT_EQ(Login("admin2@pekalongankota.go.id", kPassword).status().reason(),
            "second_factor_required");
}

// TOTP secrets are stored sealed; one stored in clear by an older version
// is sealed at the next start and still works; a key that does not open
// what is sealed (another node's key file) stops that start, changing
// nothing.
TEST_P(AccountServiceTest, TotpSecretsAreSealedAndOldOnesSealedAtStart) {
  const int64_t id = Add("ops.lama@pekalongankota.go.id", Role::kOperator);
  Result<LoginResult> first = Login("ops.lama@pekalongankota.go.id", kPassword);
  ASSERT_TRUE(first.ok());
  Actor actor = service_->AuthenticateSession(first->session_token, SessionAccepts::kAny)->first;
  ASSERT_TRUE(service_->StartTotpEnrolment(actor).ok());
  const TotpSecret secret = StoredTotpSecret(id);
  auto stored = [&] {
    std::string out;
    EXPECT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
      AMS_ASSIGN_OR_RETURN(Account a, tx.accounts().FindById(id));
      out = a.totp_secret_stored;
      return Status();
    }).ok());
    return out;
  };
  EXPECT_TRUE(SealingKey::IsSealed(stored()));
  EXPECT_EQ(stored().find(TotpSecretToHex(secret)), std::string::npos) << "not in clear";
  auto code_now = [&] { return *TotpCodeAt(secret, TotpStep(clock_.Now())); };
  ASSERT_TRUE(service_->ConfirmTotp(actor, first->session_token, code_now()).ok());
  EXPECT_EQ(*service_->SealStoredTotpSecrets(), 0) << "nothing in clear";

  // As an older version stored it: hex, in clear. Logins still work with it.
  ASSERT_TRUE(store_->InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(Account a, tx.accounts().FindByIdForUpdate(id));
    a.totp_secret_stored = TotpSecretToHex(secret);
    return tx.accounts().Update(a);
  }).ok());
  clock_.Advance(std::chrono::seconds(30));
  EXPECT_TRUE(Login("ops.lama@pekalongankota.go.id", kPassword, code_now()).ok());

  // Another key (another node's file): refused before anything is written.
  AccountOptions other_options;
  other_options.hash_limits = PasswordHashLimits::MinimumForTests();
  other_options.totp_key = std::make_shared<const SealingKey>(SealingKey::Generate(random_));
  AccountService other(*store_, clock_, random_, other_options);
  const int64_t other_id = Add("ops.lain@pekalongankota.go.id", Role::kOperator);
  ASSERT_TRUE(store_->InTransaction([&](store::Transaction& tx) -> Status {
    AMS_ASSIGN_OR_RETURN(Account a, tx.accounts().FindByIdForUpdate(other_id));
    a.totp_secret_stored = key_->Seal("sebuah-rahasia-lain-20", random_);
    return tx.accounts().Update(a);
  }).ok());
  audit::AuditService audit(*store_);
  const int64_t before = audit.Verify(Actor::System())->records;
  EXPECT_EQ(other.SealStoredTotpSecrets().status().reason(), "sealed_value_unreadable");
  EXPECT_EQ(stored(), TotpSecretToHex(secret)) << "nothing sealed under the wrong key";
  EXPECT_EQ(audit.Verify(Actor::System())->records, before);

  // This deployment's key seals the one in clear, on record.
  EXPECT_EQ(*service_->SealStoredTotpSecrets(), 1);
  EXPECT_TRUE(SealingKey::IsSealed(stored()));
  EXPECT_EQ(audit.Verify(Actor::System())->records, before + 1);
  clock_.Advance(std::chrono::seconds(30));
  EXPECT_TRUE(Login("ops.lama@pekalongankota.go.id", kPassword, code_now()).ok());
  // A server without the key cannot check a code: an error of its own, not
  // a failed login counted against the owner.
  AccountOptions keyless;
  keyless.hash_limits = PasswordHashLimits::MinimumForTests();
  AccountService without_key(*store_, clock_, random_, keyless);
  clock_.Advance(std::chrono::seconds(30));
  EXPECT_EQ(without_key.Login("ops.lama@pekalongankota.go.id", SecretString(kPassword), code_now(),
                              "127.0.0.1")
                .status()
                .code(),
            Code::kInternal);
  EXPECT_TRUE(Login("ops.lama@pekalongankota.go.id", kPassword, code_now()).ok())
      << "no failed login was counted";
}

TEST_P(AccountServiceTest, DisabledAccountsLoseTheirTokens) {
  Add("skrip@pekalongankota.go.id", Role::kApplicant);
  Result<LoginResult> login = Login("skrip@pekalongankota.go.id", kPassword);
  ASSERT_TRUE(login.ok());
  auto actor = service_->AuthenticateSession(login->session_token);
  ASSERT_TRUE(actor.ok());
  Result<NewApiToken> token = service_->CreateApiToken(actor->first, "arsip");
  ASSERT_TRUE(token.ok());
  EXPECT_TRUE(service_->AuthenticateToken(token->plaintext).ok());
  ASSERT_TRUE(service_->SetDisabled(Actor::System(), "skrip@pekalongankota.go.id", true).ok());
  EXPECT_EQ(service_->AuthenticateToken(token->plaintext).status().reason(), "token_invalid");
  EXPECT_FALSE(service_->AuthenticateSession(login->session_token).ok());
}

// A password change: the new one works, the old one no longer does, every
// session of the account ends (API tokens stay), one audit record.
TEST_P(AccountServiceTest, ChangedPasswordEndsEverySessionAndTheOldOneStopsWorking) {
  const std::string email = "ganti@pekalongankota.go.id";
  Add(email, Role::kApplicant);
  Result<LoginResult> here = Login(email, kPassword);
  Result<LoginResult> elsewhere = Login(email, kPassword);
  ASSERT_TRUE(here.ok() && elsewhere.ok());
  auto actor = service_->AuthenticateSession(here->session_token);
  ASSERT_TRUE(actor.ok());
  Result<NewApiToken> token = service_->CreateApiToken(actor->first, "skrip");
  ASSERT_TRUE(token.ok());
  audit::AuditService audit(*store_);
  const int64_t before = audit.Verify(Actor::System())->records;

  const std::string next = "kopi-tubruk-tanpa-ampas";
  Status s = service_->ChangePassword(actor->first, SecretString(kPassword), SecretString(next),
                                      "127.0.0.1");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_FALSE(service_->AuthenticateSession(here->session_token).ok()) << "this browser too";
  EXPECT_FALSE(service_->AuthenticateSession(elsewhere->session_token).ok());
  EXPECT_TRUE(service_->AuthenticateToken(token->plaintext).ok()) << "API tokens stay";
  EXPECT_EQ(Login(email, kPassword).status().reason(), "login_failed");
  EXPECT_TRUE(Login(email, next).ok());
  EXPECT_EQ(audit.Verify(Actor::System())->records, before + 3)
      << "the change, the failed login with the old password, the login with the new one";
}

// Every refusal changes nothing: the password still works and no session
// ended. A wrong current password counts as a failed login (and is audited
// as one); the others write nothing.
TEST_P(AccountServiceTest, RefusedPasswordChangesChangeNothing) {
  const std::string email = "tetap@pekalongankota.go.id";
  Add(email, Role::kApplicant);
  Result<LoginResult> login = Login(email, kPassword);
  ASSERT_TRUE(login.ok());
  auto actor = service_->AuthenticateSession(login->session_token);
  ASSERT_TRUE(actor.ok());
  audit::AuditService audit(*store_);
  const int64_t before = audit.Verify(Actor::System())->records;
  static const struct { const char* current; const char* next; const char* reason; } kCases[] = {
      {"bukan-sandi-lama", "kopi-tubruk-tanpa-ampas", "current_password_wrong"},
      {kPassword, kPassword, "password_unchanged"},
      {kPassword, "pendek", "password_too_short"},
      {kPassword, "password123456", "password_too_common"},
      {kPassword, "tetap-tetap-tetap-sandi", "password_contains_email"},
  };
  for (const auto& c : kCases) {
    clock_.Advance(std::chrono::seconds(61));  // past the throttle's back-off
    Status s = service_->ChangePassword(actor->first, SecretString(c.current),
                                        SecretString(c.next), "127.0.0.1");
    EXPECT_EQ(s.reason(), c.reason) << c.next;
  }
  EXPECT_TRUE(service_->AuthenticateSession(login->session_token).ok()) << "no session ended";
  EXPECT_EQ(audit.Verify(Actor::System())->records, before + 1) << "the wrong current password";
  Result<LoginResult> again = Login(email, kPassword);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(service_->ChangePassword(Actor::System(), SecretString(kPassword),
                                     SecretString("kopi-tubruk-tanpa-ampas"), "")
                .code(),
            Code::kPermissionDenied);
}

// Guessing through the change form meets the login's limits.
TEST_P(AccountServiceTest, WrongCurrentPasswordsAreThrottledLikeLogins) {
  const std::string email = "tebak@pekalongankota.go.id";
  Add(email, Role::kApplicant);
  Result<LoginResult> login = Login(email, kPassword);
  ASSERT_TRUE(login.ok());
  auto actor = service_->AuthenticateSession(login->session_token);
  ASSERT_TRUE(actor.ok());
  Status last;
  for (int i = 0; i < 20 && last.reason() != "login_throttled" && last.reason() != "account_locked";
       ++i) {
    last = service_->ChangePassword(actor->first, SecretString("tebakan-" + std::to_string(i)),
                                    SecretString("kopi-tubruk-tanpa-ampas"), "127.0.0.1");
  }
  EXPECT_EQ(last.code(), Code::kTooManyRequests) << last.ToString();
  // Even the right current password waits now.
  EXPECT_EQ(service_->ChangePassword(actor->first, SecretString(kPassword),
                                     SecretString("kopi-tubruk-tanpa-ampas"), "127.0.0.1")
                .code(),
            Code::kTooManyRequests);
}

// A forgotten password: an admin sets a new one. The lockout is lifted,
// every session ends, the old password stops working; refusals change
// nothing.
TEST_P(AccountServiceTest, AnAdminResetsAForgottenPasswordAndLiftsTheLockout) {
  const Actor admin = AddAdmin();
  const std::string email = "lupa@pekalongankota.go.id";
  Add(email, Role::kApplicant);
  Result<LoginResult> session = Login(email, kPassword);
  ASSERT_TRUE(session.ok());
  for (int i = 0; i < 12; ++i) {
    clock_.Advance(std::chrono::seconds(61));
    (void)Login(email, "lupa-lupa-ingat-terus");
  }
  ASSERT_EQ(Login(email, kPassword).status().reason(), "account_locked");
  audit::AuditService audit(*store_);
  const int64_t before = audit.Verify(Actor::System())->records;

  // Refused: not an admin, one's own, the policy, no such account.
  Actor applicant;
  applicant.account_id = 99;
  applicant.role = Role::kApplicant;
  const SecretString fresh("kopi-tubruk-tanpa-ampas");
  EXPECT_EQ(service_->ResetPassword(applicant, email, fresh).code(), Code::kPermissionDenied);
  EXPECT_EQ(service_->ResetPassword(admin, "admin@pekalongankota.go.id", fresh).reason(),
            "cannot_reset_own_password");
  EXPECT_EQ(service_->ResetPassword(admin, email, SecretString("pendek")).reason(),
            "password_too_short");
  EXPECT_EQ(service_->ResetPassword(admin, "tidak.ada@pekalongankota.go.id", fresh).reason(),
            "account_not_found");
  EXPECT_EQ(audit.Verify(Actor::System())->records, before);

  ASSERT_TRUE(service_->ResetPassword(admin, email, fresh).ok());
  EXPECT_FALSE(service_->AuthenticateSession(session->session_token).ok()) << "sessions ended";
  EXPECT_EQ(audit.Verify(Actor::System())->records, before + 1);
  EXPECT_EQ(Login(email, kPassword).status().reason(), "login_failed");
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_TRUE(Login(email, fresh.reveal()).ok()) << "the lockout was lifted";
}

// The mails to `to` queued since the last call (claimed, so each is seen
// once, by whichever helper below claims it first).
std::vector<notify::OutgoingMail> NewMailsTo(store::Store& store, const std::string& to) {
  std::vector<notify::OutgoingMail> out;
  EXPECT_TRUE(store.InTransaction([&](store::Transaction& tx) -> Status {
    const TimePoint far = FromUnixSeconds(4102444800);  // 2100: every mail is due,
    // and leased past it, so that the next call does not see it again.
    AMS_ASSIGN_OR_RETURN(auto mails,
                         tx.outbox().ClaimDue(far, far + std::chrono::hours(1), 1000));
    for (notify::OutgoingMail& m : mails) {
      if (m.to == to) out.push_back(std::move(m));
    }
    return Status();
  }).ok());
  return out;
}

// The reset links' tokens among them, as the mails carry them.
std::vector<std::string> NewResetTokens(store::Store& store, const std::string& to) {
  std::vector<std::string> tokens;
  for (const notify::OutgoingMail& m : NewMailsTo(store, to)) {
    const size_t at = m.body_text.find("/password-reset?token=");
    if (at == std::string::npos) continue;
    const size_t from = at + std::string("/password-reset?token=").size();
    tokens.push_back(m.body_text.substr(from, m.body_text.find('\n', from) - from));
  }
  return tokens;
}

// "Forgot password": one mail per window, a link that works once, within
// its hour, for a password the policy accepts; nothing for an unknown
// address, and the same answer.
TEST_P(AccountServiceTest, AForgottenPasswordIsResetByAOneTimeLink) {
  const std::string email = "lupa.lagi@pekalongankota.go.id";
  Add(email, Role::kApplicant);
  Result<LoginResult> session = Login(email, kPassword);
  ASSERT_TRUE(session.ok());
  audit::AuditService audit(*store_);
  const int64_t before = audit.Verify(Actor::System())->records;

  EXPECT_TRUE(service_->RequestPasswordReset("tidak.ada@pekalongankota.go.id", "127.0.0.1").ok());
  EXPECT_TRUE(NewResetTokens(*store_, "tidak.ada@pekalongankota.go.id").empty());
  EXPECT_EQ(service_->RequestPasswordReset("bukan alamat", "127.0.0.1").reason(), "invalid_email");
  EXPECT_EQ(audit.Verify(Actor::System())->records, before) << "nothing written for no account";

  ASSERT_TRUE(service_->RequestPasswordReset("Lupa.Lagi@PekalonganKota.go.id", "127.0.0.1").ok());
  ASSERT_TRUE(service_->RequestPasswordReset(email, "127.0.0.1").ok());
  const std::vector<std::string> tokens = NewResetTokens(*store_, email);
  ASSERT_EQ(tokens.size(), 1u) << "one mail per window";
  const std::string& token = tokens[0];

  EXPECT_EQ(service_->ResetPasswordWithLink(token, SecretString("pendek"), "").reason(),
            "password_too_short");
  EXPECT_EQ(service_->ResetPasswordWithLink("r_bukan-tautan", SecretString("kopi-tubruk-tanpa-ampas"),
                                            "")
                .reason(),
            "reset_link_invalid");
  EXPECT_TRUE(service_->AuthenticateSession(session->session_token).ok()) << "nothing changed yet";
  ASSERT_TRUE(
      service_->ResetPasswordWithLink(token, SecretString("kopi-tubruk-tanpa-ampas"), "").ok())
      << "a refusal left the link usable";
  EXPECT_EQ(
      service_->ResetPasswordWithLink(token, SecretString("kopi-tubruk-lain-lagi"), "").reason(),
      "reset_link_invalid")
      << "once";
  EXPECT_FALSE(service_->AuthenticateSession(session->session_token).ok()) << "sessions ended";
  EXPECT_EQ(Login(email, kPassword).status().reason(), "login_failed");
  EXPECT_TRUE(Login(email, "kopi-tubruk-tanpa-ampas").ok());

  // A later window mails a new link, which expires after its hour.
  clock_.Advance(std::chrono::minutes(20));
  ASSERT_TRUE(service_->RequestPasswordReset(email, "127.0.0.1").ok());
  const std::vector<std::string> later = NewResetTokens(*store_, email);
  ASSERT_EQ(later.size(), 1u);
  clock_.Advance(std::chrono::minutes(61));
  EXPECT_EQ(
      service_->ResetPasswordWithLink(later[0], SecretString("kopi-tubruk-lain-lagi"), "").reason(),
      "reset_link_expired");
  EXPECT_TRUE(Login(email, "kopi-tubruk-tanpa-ampas").ok());
}

// The "password changed" mails among them: their bodies.
std::vector<std::string> NewChangeMails(store::Store& store, const std::string& to) {
  std::vector<std::string> bodies;
  for (const notify::OutgoingMail& m : NewMailsTo(store, to)) {
    if (m.subject.find("kata sandi Anda diubah") != std::string::npos) bodies.push_back(m.body_text);
  }
  return bodies;
}

// Every new password is mailed to the owner, saying how it came, never what
// it is: a change they did not make does not go unnoticed.
TEST_P(AccountServiceTest, EveryNewPasswordIsMailedToItsOwner) {
  const Actor admin = AddAdmin();
  const std::string email = "surel@pekalongankota.go.id";
  Add(email, Role::kApplicant);
  (void)NewChangeMails(*store_, email);
  auto one_mail = [&](const std::string& how, const std::string& password) {
    std::vector<std::string> mails = NewChangeMails(*store_, email);
    ASSERT_EQ(mails.size(), 1u) << how;
    EXPECT_NE(mails[0].find(how), std::string::npos) << mails[0];
    EXPECT_EQ(mails[0].find(password), std::string::npos) << "never the password";
    EXPECT_NE(mails[0].find("/password-reset"), std::string::npos) << "what to do if not you";
  };

  Result<LoginResult> session = Login(email, kPassword);
  ASSERT_TRUE(session.ok());
  Actor owner = service_->AuthenticateSession(session->session_token)->first;
  ASSERT_TRUE(service_->ChangePassword(owner, SecretString(kPassword),
                                       SecretString("pilihan-sendiri-1"), "")
                  .ok());
  one_mail("oleh Anda sendiri", "pilihan-sendiri-1");
  EXPECT_EQ(service_->ChangePassword(owner, SecretString("salah-sekali"),
                                     SecretString("pilihan-sendiri-2"), "")
                .reason(),
            "current_password_wrong");
  EXPECT_TRUE(NewChangeMails(*store_, email).empty()) << "a refusal mails nothing";

  ASSERT_TRUE(service_->ResetPassword(admin, email, SecretString("dari-admin-sekali-1")).ok());
  one_mail("oleh admin AMS", "dari-admin-sekali-1");
  ASSERT_TRUE(service_->ResetPassword(Actor::System(), email, SecretString("dari-konsol-1")).ok());
  one_mail("oleh pengelola server", "dari-konsol-1");
  ASSERT_TRUE(service_->RequestPasswordReset(email, "127.0.0.1").ok());
  const std::vector<std::string> tokens = NewResetTokens(*store_, email);
  ASSERT_EQ(tokens.size(), 1u);
  ASSERT_TRUE(service_->ResetPasswordWithLink(tokens[0], SecretString("lewat-tautan-1"), "").ok());
  one_mail("lewat tautan atur ulang", "lewat-tautan-1");
}

// A password an admin chose (a new account, a reset) is the owner's to
// change first: until then a session serves only the change and "who am
// I"; the owner's own choice (a change, a mailed link) lifts it, and the
// console's (the system) never sets it.
TEST_P(AccountServiceTest, APasswordAnAdminChoseMustBeChangedFirst) {
  const Actor admin = AddAdmin();
  const std::string email = "baru@pekalongankota.go.id";
  NewAccount in;
  in.email = email;
  in.display_name = "Pegawai Baru";
  in.password = SecretString(kPassword);
  Result<int64_t> id = service_->CreateAccount(admin, in);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_TRUE(service_->GetAccount(admin, *id)->must_change_password);

  Result<LoginResult> first = Login(email, kPassword);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(first->password_change_required);
  EXPECT_EQ(service_->AuthenticateSession(first->session_token).status().reason(),
            "password_change_required");
  auto due = service_->AuthenticateSession(first->session_token, SessionAccepts::kPasswordChangeDue);
  ASSERT_TRUE(due.ok());
  EXPECT_TRUE(due->second.password_change_required);
  // A refused change leaves it due.
  EXPECT_EQ(service_->ChangePassword(due->first, SecretString(kPassword), SecretString("pendek"), "")
                .reason(),
            "password_too_short");
  EXPECT_TRUE(service_->GetAccount(admin, *id)->must_change_password);

  ASSERT_TRUE(service_->ChangePassword(due->first, SecretString(kPassword),
                                       SecretString("pilihan-saya-sendiri"), "")
                  .ok());
  Result<LoginResult> again = Login(email, "pilihan-saya-sendiri");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->password_change_required);
  EXPECT_TRUE(service_->AuthenticateSession(again->session_token).ok());

  // An admin's reset sets it again; the owner's mailed link lifts it.
  ASSERT_TRUE(service_->ResetPassword(admin, email, SecretString("dari-admin-lagi-1")).ok());
  EXPECT_TRUE(service_->GetAccount(admin, *id)->must_change_password);
  ASSERT_TRUE(service_->RequestPasswordReset(email, "127.0.0.1").ok());
  const std::vector<std::string> tokens = NewResetTokens(*store_, email);
  ASSERT_EQ(tokens.size(), 1u);
  ASSERT_TRUE(service_->ResetPasswordWithLink(tokens[0], SecretString("lewat-tautan-surel"), "").ok());
  EXPECT_FALSE(service_->GetAccount(admin, *id)->must_change_password);

  // The console (system) sets passwords without it, on creation and reset.
  ASSERT_TRUE(service_->ResetPassword(Actor::System(), email, SecretString("dari-konsol-1")).ok());
  EXPECT_FALSE(service_->GetAccount(admin, *id)->must_change_password);
  const int64_t by_console = Add("konsol@pekalongankota.go.id", Role::kApplicant);
  EXPECT_FALSE(service_->GetAccount(admin, by_console)->must_change_password);
}

TEST_P(AccountServiceTest, OnlyAdminsAdminister) {
  Add("biasa@pekalongankota.go.id", Role::kApplicant);
  Actor applicant;
  applicant.account_id = 1;
  applicant.role = Role::kApplicant;
  EXPECT_EQ(service_->SetRole(applicant, "biasa@pekalongankota.go.id", Role::kAdmin).code(),
            Code::kPermissionDenied);
  EXPECT_EQ(service_->ListAccounts(applicant).status().code(), Code::kPermissionDenied);
  NewAccount in;
  in.email = "x@pekalongankota.go.id";
  in.display_name = "X";
  in.password = SecretString(kPassword);
  EXPECT_EQ(service_->CreateAccount(applicant, in).status().code(), Code::kPermissionDenied);
}

TEST_P(AccountServiceTest, AdminsAddAgenciesAndAssignOperatorsAudited) {
  audit::AuditService audit(*store_);
  auto records = [&] { return audit.Verify(Actor::System())->records; };
  const Actor admin = AddAdmin();
  Add("op@pekalongankota.go.id", Role::kOperator);
  const int64_t before = records();

  Result<int64_t> id = service_->CreateAgency(admin, "dinkes", "Dinas Kesehatan");
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto list = service_->ListAgencies(admin);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().code, "DINKES") << "codes are upper-cased";
  EXPECT_EQ(records(), before + 1);

  ASSERT_TRUE(service_->AssignAgency(admin, "op@pekalongankota.go.id", *id).ok());
  EXPECT_EQ(*service_->AssignedAgencies(admin, 2), std::vector<int64_t>{*id});
  ASSERT_TRUE(service_->UnassignAgency(admin, "op@pekalongankota.go.id", *id).ok());
  EXPECT_TRUE(service_->AssignedAgencies(admin, 2)->empty());
  EXPECT_EQ(records(), before + 3);
}

TEST_P(AccountServiceTest, BadAgencyInputChangesNothing) {
  const Actor admin = AddAdmin();
  Add("op@pekalongankota.go.id", Role::kOperator);
  ASSERT_TRUE(service_->CreateAgency(admin, "BAPPEDA", "Badan Perencanaan").ok());
  audit::AuditService audit(*store_);
  const int64_t before = audit.Verify(Actor::System())->records;
  static const struct { const char* code; const char* name; const char* reason; const char* why; }
      kCases[] = {
          {"", "Dinas", "invalid_agency_code", "empty code"},
          {"X", "Dinas", "invalid_agency_code", "one character"},
          {"DIN KES", "Dinas", "invalid_agency_code", "space"},
          {"<b>", "Dinas", "invalid_agency_code", "markup"},
          {"DINAS", "", "invalid_text", "empty name"},
          {"DINAS", "Dinas\nBaru", "invalid_text", "control character"},
          {"bappeda", "Lain", "agency_code_taken", "taken, in other case"},
      };
  for (const auto& c : kCases) {
    Result<int64_t> id = service_->CreateAgency(admin, c.code, c.name);
    ASSERT_FALSE(id.ok()) << c.why;
    EXPECT_EQ(id.status().reason(), c.reason) << c.why;
  }
  EXPECT_EQ(service_->UnassignAgency(admin, "op@pekalongankota.go.id", 1).reason(),
            "agency_not_assigned");
  Actor applicant;
  applicant.account_id = 99;
  applicant.role = Role::kApplicant;
  EXPECT_EQ(service_->CreateAgency(applicant, "DINSOS", "Dinas Sosial").status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(service_->ListAgencies(admin)->size(), 1u);
  EXPECT_EQ(audit.Verify(Actor::System())->records, before);
}

INSTANTIATE_TEST_SUITE_P(Engines, AccountServiceTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return testutil::EngineName(info.param); });

}  // namespace
}  // namespace ams::auth
