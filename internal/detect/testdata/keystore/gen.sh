#!/bin/sh
# Regenerates the keystore fixtures of keystore_test.go: small EC keys and
# self-signed certificates made with openssl and the JDK's keytool. Every
# key here is throwaway, made for these tests only.
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
	-subj /CN=leakhound-fixture -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
openssl x509 -in "$tmp/cert.pem" -outform DER -out cert.der

# OpenSSL 3's defaults (PBES2 AES-256, HMAC-SHA-256 MAC), a well-known password.
openssl pkcs12 -export -inkey "$tmp/key.pem" -in "$tmp/cert.pem" -passout pass:changeit -out openssl-changeit.p12
# The legacy algorithms (3DES, SHA-1 MAC) and an empty password.
openssl pkcs12 -export -legacy -inkey "$tmp/key.pem" -in "$tmp/cert.pem" -passout pass: -out openssl-empty.pfx
# A password no list holds.
openssl pkcs12 -export -inkey "$tmp/key.pem" -in "$tmp/cert.pem" -passout pass:Vq8-rT2m-Lz7x-Pw4k -out openssl-strong.p12
# Certificates only, without a password (as JDK 18's cacerts): no key.
openssl pkcs12 -export -nokeys -in "$tmp/cert.pem" -certpbe NONE -nomac -passout pass: -out openssl-certs-only.p12

kt() { keytool -J-Xmx64m "$@" >/dev/null 2>&1; }
dn="CN=leakhound-fixture"
kt -genkeypair -keyalg EC -groupname secp256r1 -alias app -dname "$dn" -validity 3650 \
	-storetype JKS -keystore keytool-changeit.jks -storepass changeit -keypass changeit
kt -genkeypair -keyalg EC -groupname secp256r1 -alias app -dname "$dn" -validity 3650 \
	-storetype JCEKS -keystore keytool-strong.jceks -storepass Vq8-rT2m-Lz7x-Pw4k -keypass Vq8-rT2m-Lz7x-Pw4k
kt -genkeypair -keyalg EC -groupname secp256r1 -alias app -dname "$dn" -validity 3650 \
	-storetype PKCS12 -keystore keytool-password.p12 -storepass password
# A trust store: one trusted certificate, no key.
kt -importcert -noprompt -alias ca -file cert.der -storetype JKS -keystore truststore.jks -storepass changeit
# Android's debug keystore as the SDK makes it (alias androiddebugkey,
# password android, this DN; the SDK's key is RSA, EC keeps the file
# small), in the JKS of older SDKs and the PKCS#12 of newer ones, and a
# keystore that only shares its password.
adn="CN=Android Debug,O=Android,C=US"
kt -genkeypair -keyalg EC -groupname secp256r1 -alias androiddebugkey -dname "$adn" -validity 10950 \
	-storetype JKS -keystore android-debug.jks -storepass android -keypass android
kt -genkeypair -keyalg EC -groupname secp256r1 -alias androiddebugkey -dname "$adn" -validity 10950 \
	-storetype PKCS12 -keystore android-debug.p12 -storepass android -keypass android
kt -genkeypair -keyalg EC -groupname secp256r1 -alias upload -dname "CN=Acme Release" -validity 10950 \
	-storetype PKCS12 -keystore android-password.p12 -storepass android
