package corpus

// Credentials stated in plain text, as notes, tickets and hand-over files
// write them: labels of several words ("Initial Password: v") and pairs
// sharing a line ("ID:u PW:v", "host h user:u/pwd:v"); names that shorten
// or misspell password (PSWD, PASWORD) or say it in another language
// (senha, sifre, parol); RPM spec macros; settings on a
// patch's added lines; URLs whose user is a mail address; labels in
// other languages than English. Each next to the
// same forms holding prose, states, field types and references.

// DecoyTextShape is a decoy written in one of the shapes of textCases.
const DecoyTextShape = "text-shape"

var textCases = []layoutCase{
	{"text-pairs", "txt", "ops/access.txt", "staging box\nID:{u} PW:{v}", FamilyPassword, pwBare, false},
	{"text-pairs", "txt", "ops/servers.txt", "{h} user:{u}/pwd:{v}", FamilyPassword, pwBare, false},
	{"text-pairs", "raw", "ops/ACCESS", "-User:{u} -Password:{v}", FamilyPassword, pwBare, false},
	{"text-pairs", "txt", "handover/db.txt", "ssh {u}@{h} password:{v}", FamilyPassword, pwBare, false},
	{"text-label-words", "txt", "handover/db.txt", "Host: {h}\nUser name: {u}\nInitial Password: {v}", FamilyPassword, pwBare, false},
	{"text-label-words", "txt", "ops/vendor.txt", "Portal: https://portal.{domain}\nAPI Secret: {v}", FamilySecret, pwURL, true},
	{"text-label-words", "txt", "ops/vendor.txt", "Vendor portal\nAccess key: {v}", FamilySecret, pwURL, true},
	{"text-label-for-whom", "txt", "handover/db.txt", "Host: {h}\nPassword for {u}: {v}", FamilyPassword, pwBare, false},
	{"text-pairs", "txt", "ops/access.txt", "ID:{u}/PASS:{v}", FamilyPassword, pwBare, false},
	{"text-pairs", "txt", "ops/access.txt", "{h} ID/PW:{u}/{v}", FamilyPassword, pwBare, false},
	{"url-mail-user", "env", ".env", "MAIL_URL=smtps://alerts@{domain}:{v}@smtp.{domain}:465", FamilyConnString, pwURL, false},
	{"url-mail-user", "yaml", "config/mail.yml", "mailer:\n  url: \"imaps://ops@{domain}:{v}@imap.{domain}:993\"", FamilyConnString, pwURL, false},
	{"text-label-localized", "txt", "ops/server-kr.txt", "서버: {h}\n계정: {u}\n비밀번호: {v}", FamilyPassword, pwBare, false},
	{"text-label-localized", "md", "ops/setsuzoku.md", "接続先: {h}\nユーザー: {u}\nパスワード：{v}", FamilyPassword, pwBare, false},
	{"text-label-localized", "txt", "ops/dostup.txt", "Сервер {h}, логин: {u}, пароль: {v}", FamilyPassword, pwBare, false},
	{"name-localized", "py", "app/config.py", "DB_HOST = \"{h}\"\nDB_SENHA = \"{v}\"", FamilyPassword, pwQuoted, false},
	{"name-localized", "php", "includes/db.php", "<?php\n$usuario = '{u}';\n$sifre = '{v}';", FamilyPassword, pwShell, false},
	{"name-localized", "yaml", "config/db.yml", "db:\n  host: {h}\n  parol: {v}", FamilyPassword, pwBare, false},
	{"name-misspelt", "sh", "scripts/x3.sh", "X3_USER={u}\nX3_PSWD={v}", FamilyPassword, pwShell, false},
	{"name-misspelt", "yaml", "config/db.yml", "db:\n  host: {h}\n  pasword: {v}", FamilyPassword, pwBare, false},
	{"name-misspelt", "mk", "vars.mk", "DB_HOST := {h}\nPSSWD := {v}", FamilyPassword, pwShell, false},
	{"spec-macro", "spec", "packaging/app.spec", "Name: app\nVersion: 1.4\n%define db_password {v}", FamilyPassword, pwURL, false},
	{"spec-macro", "spec", "packaging/app.spec", "Name: app\n%global ADMIN_PASSWORD \"{v}\"", FamilyPassword, pwQuoted, false},
	{"diff-added", "patch", "patches/0001-config.patch", "--- a/config.json\n+++ b/config.json\n@@ -1,3 +1,4 @@\n {\n   \"user\": \"{u}\",\n+  \"password\": \"{v}\",\n   \"host\": \"{h}\"", FamilyPassword, pwQuoted, false},
	{"diff-added", "diff", "patches/db.diff", "--- a/config/db.yml\n+++ b/config/db.yml\n@@ -1,2 +1,3 @@\n db:\n+  password: {v}\n   host: {h}", FamilyPassword, pwBare, false},
}

var textDecoys = []shapeDecoy{
	{"txt", "ops/access.txt", "To change it, open the password: page and follow the steps"},
	{"log", "logs/auth.log", "login failed for user:admin reason:bad password:expired"},
	{"txt", "ops/forms.txt", "the form has fields user:string password:string token:uuid"},
	{"txt", "handover/db.txt", "Password for deploy: ask the on-call engineer"},
	{"log", "logs/test.log", "PASS: test_login_with_saved_password_2 (0.41s)"},
	{"conf", "etc/nsswitch.conf", "passwd:         files systemd\ngroup:          files systemd\nshadow:         files\nhosts:          files dns"},
	{"txt", "ops/server-kr.txt", "암호화: AES-256-GCM\n비밀번호: 금고에 보관"},
	{"md", "ops/setsuzoku.md", "パスワード：8文字以上で入力してください"},
	{"txt", "ops/dostup.txt", "пароль: обязательное поле, минимум 12 символов"},
	{"txt", "docs/ocsp.txt", "    # Certificate IDs\n      Certificate ID key : 303b300906052b0e03021a050004148a83e0060faff709ca7e9b95522a2e81635fda0a0414f652b0e435d5ea92\n      Certificate path : /etc/ssl/foo.pem"},
	{"md", "tools/SIGNING.md", "Key passphrases (`keytool -storepass`, `apksigner --ks-pass pass:`); and\n`Authorization: Basic` values are read too."},
	{"py", "app/config.py", "SENHA_MINIMA = 12"},
	{"php", "includes/crypto.php", "<?php\n$sifreleme = 'AES-256-CBC';"},
	{"yaml", "config/case.yml", "parole_date: 2024-05-01\nparole_officer: j.smith"},
	{"txt", "ops/deps.txt", "notes = \"Maven - io.jsonwebtoken:jjwt-jackson-0.11.2\""},
	{"txt", "ops/links.txt", "see https://wiki.acme-corp.net/display/OPS/password:reset-2"},
	{"txt", "handover/db.txt", "Public Key: a9Xk2Lq8Zt4Vn7Bw1Mp6Rc3Hy5Jd0Fs9"},
	{"txt", "handover/schema.txt", "Primary key: 7f3a9c21e4b8d6f05a1c3e7b9d2f4a68"},
	{"txt", "handover/db.txt", "Initial Password: sent by SMS on first login"},
	{"txt", "ops/servers.txt", "db01.internal user:app/pwd:${DB_PASSWORD}"},
	{"log", "logs/sync.log", "2024-05-02 10:11:02 auth:ok token:none key:missing retries:3"},
	{"env", ".env", "MAIL_URL=smtps://alerts@acme-corp.net:${SMTP_PASSWORD}@smtp.acme-corp.net:465"},
	{"md", "docs/git.md", "Clone with `git clone ssh://git@git.acme-corp.net:7999/ops/infra.git`, mail ops@acme-corp.net."},
	{"sh", "scripts/x3.sh", "X3_PSWD=\"$X3_PASSWORD\""},
	{"yaml", "config/db.yml", "db:\n  pasword: ${DB_PASSWORD}"},
	{"spec", "packaging/app.spec", "%global db_password %{getenv:DB_PASSWORD}"},
	{"spec", "packaging/app.spec", "%define password_prompt Enter the password"},
	{"patch", "patches/0001-config.patch", "@@ -1,3 +1,3 @@\n {\n-  \"password\": \"\",\n+  \"password\": \"${DB_PASSWORD}\","},
	{"diff", "patches/db.diff", "@@ -1,2 +1,2 @@\n db:\n+  password_file: /run/secrets/db"},
}

func (b *builder) plantTextShapes() { b.plantCasesAndDecoys(textCases, textDecoys, DecoyTextShape) }
