package server

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ServerKeyFile holds the generated HMAC key in the data directory.
const ServerKeyFile = "server.key"

// LoadServerKey returns the key that turns secrets into incident
// fingerprints: fromEnv (LEAKHOUND_SERVER_KEY) when set, else the key in
// dataDir/server.key, generated on first use. Losing or changing it makes
// every known secret look new, so servers sharing a database must share it.
func LoadServerKey(dataDir, fromEnv string) ([]byte, error) {
	if fromEnv != "" {
		if len(fromEnv) < 32 {
			return nil, errors.New("LEAKHOUND_SERVER_KEY must be at least 32 characters (e.g. 64 hex digits from `openssl rand -hex 32`)")
		}
		return []byte(fromEnv), nil
	}
	path := filepath.Join(dataDir, ServerKeyFile)
	if b, err := os.ReadFile(path); err == nil {
		key := strings.TrimSpace(string(b))
		if len(key) < 32 {
			return nil, fmt.Errorf("%s: key too short", path)
		}
		return []byte(key), nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("reading the server key: %w", err)
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the data directory: %w", err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	key := hex.EncodeToString(raw)
	// O_EXCL: two servers starting together must not each write a key;
	// the loser reads the winner's.
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return LoadServerKey(dataDir, "")
	}
	if err != nil {
		return nil, fmt.Errorf("writing the server key: %w", err)
	}
	if _, err := f.WriteString(key + "\n"); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	return []byte(key), nil
}

// ParseSecretKey reads LEAKHOUND_SECRET_KEY: 32 bytes as 64 hex digits or
// base64. Empty means secrets are not kept at all.
func ParseSecretKey(v string) ([]byte, error) {
	if v == "" {
		return nil, nil
	}
	if b, err := hex.DecodeString(v); err == nil && len(b) == 32 {
		return b, nil
	}
	if b, err := base64.StdEncoding.DecodeString(v); err == nil && len(b) == 32 {
		return b, nil
	}
	return nil, errors.New("LEAKHOUND_SECRET_KEY must be 32 bytes as 64 hex digits or base64 (e.g. `openssl rand -hex 32`)")
}

// Keys are the server's two keys.
type Keys struct {
	// Fingerprint keys the HMAC that identifies a secret.
	Fingerprint []byte
	// Secret, when set, encrypts secrets kept for revalidation (AES-256-GCM).
	Secret []byte
}

// fingerprint is HMAC-SHA256(server key, secret): stable for the server,
// useless for guessing secrets to anyone without the key.
func (k Keys) fingerprint(secret string) string {
	m := hmac.New(sha256.New, k.Fingerprint)
	m.Write([]byte("leakhound/incident/v1\x00"))
	m.Write([]byte(secret))
	return hex.EncodeToString(m.Sum(nil))
}

// encrypt seals the secret with the fingerprint as associated data, so a
// ciphertext moved to another incident's row does not decrypt.
func (k Keys) encrypt(secret, fp string) ([]byte, error) {
	return k.seal(secret, []byte(fp))
}

func (k Keys) decrypt(enc []byte, fp string) (string, error) {
	return k.open(enc, []byte(fp), "stored secret")
}

// encryptPair seals a two-part credential's other part. Its associated
// data is the incident's fingerprint marked as the pair, so the
// ciphertext decrypts neither in the secret's column nor in another
// incident's row, and the secret's ciphertext not in the pair's column.
func (k Keys) encryptPair(pair, fp string) ([]byte, error) {
	return k.seal(pair, pairAD(fp))
}

func (k Keys) decryptPair(enc []byte, fp string) (string, error) {
	return k.open(enc, pairAD(fp), "stored other part")
}

func pairAD(fp string) []byte {
	return []byte("leakhound/pair/v1\x00" + fp)
}

// seal encrypts with AES-256-GCM under the secret key and a random nonce,
// which leads the ciphertext; nil when no secret key is set.
func (k Keys) seal(plain string, ad []byte) ([]byte, error) {
	if k.Secret == nil {
		return nil, nil
	}
	gcm, err := k.gcm()
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return gcm.Seal(nonce, nonce, []byte(plain), ad), nil
}

func (k Keys) open(enc, ad []byte, what string) (string, error) {
	if k.Secret == nil {
		return "", errors.New("LEAKHOUND_SECRET_KEY is not set")
	}
	gcm, err := k.gcm()
	if err != nil {
		return "", err
	}
	if len(enc) < gcm.NonceSize() {
		return "", errors.New(what + " is damaged")
	}
	plain, err := gcm.Open(nil, enc[:gcm.NonceSize()], enc[gcm.NonceSize():], ad)
	if err != nil {
		return "", errors.New(what + " does not decrypt with LEAKHOUND_SECRET_KEY")
	}
	return string(plain), nil
}

func (k Keys) gcm() (cipher.AEAD, error) {
	block, err := aes.NewCipher(k.Secret)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
