package investigate

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// azureSigned checks a request's SharedKey signature against the string
// to sign the Azure documentation gives for a GET to the account root:
// the verb, eleven empty standard headers, the x-ms- headers, then
// /account/ and the query parameters in order of name.
func azureSigned(account, key string) func(*http.Request) bool {
	raw, _ := base64.StdEncoding.DecodeString(key)
	return func(r *http.Request) bool {
		q := r.URL.Query()
		canon := "/" + account + "/"
		for _, name := range []string{"comp", "marker", "maxresults", "restype"} {
			if v := q.Get(name); v != "" {
				canon += "\n" + name + ":" + v
			}
		}
		toSign := "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:" + r.Header.Get("x-ms-date") + "\nx-ms-version:" + r.Header.Get("x-ms-version") + "\n" + canon
		mac := hmac.New(sha256.New, raw)
		mac.Write([]byte(toSign))
		return r.Header.Get("x-ms-date") == "Sun, 15 Mar 2026 12:00:00 GMT" &&
			r.Header.Get("Authorization") == "SharedKey "+account+":"+base64.StdEncoding.EncodeToString(mac.Sum(nil))
	}
}

func azureVendor(key string) func(t *testing.T) *vendor {
	const xmlType = "application/xml"
	return func(t *testing.T) *vendor {
		return &vendor{t: t, authorized: azureSigned("acmedata", key),
			key: func(r *http.Request) string {
				q := r.URL.Query()
				return q.Get("restype") + "/" + q.Get("comp")
			},
			unauthorized: func(w http.ResponseWriter) {
				w.Header().Set("Content-Type", xmlType)
				w.WriteHeader(http.StatusForbidden)
				fmt.Fprint(w, `<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.</Message></Error>`)
			},
			routes: map[string]http.HandlerFunc{
				"account/properties": func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("x-ms-sku-name", "Standard_RAGRS")
					w.Header().Set("x-ms-account-kind", "StorageV2")
				},
				"service/properties": func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", xmlType)
					fmt.Fprint(w, `<?xml version="1.0" encoding="utf-8"?><StorageServiceProperties><Logging><Version>1.0</Version><Read>false</Read><Write>true</Write><Delete>true</Delete><RetentionPolicy><Enabled>false</Enabled></RetentionPolicy></Logging></StorageServiceProperties>`)
				},
				"/list": func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", xmlType)
					if r.URL.Query().Get("marker") == "" {
						fmt.Fprint(w, `<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="https://acmedata.blob.core.windows.net/"><Containers><Container><Name>backups</Name><Properties><Last-Modified>Mon, 02 Mar 2026 10:00:00 GMT</Last-Modified></Properties></Container></Containers><NextMarker>/acmedata/site</NextMarker></EnumerationResults>`)
						return
					}
					fmt.Fprint(w, `<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="https://acmedata.blob.core.windows.net/"><Containers><Container><Name>site</Name><Properties><PublicAccess>blob</PublicAccess></Properties></Container></Containers><NextMarker/></EnumerationResults>`)
				},
			}}
	}
}

func TestAzureStorageKey(t *testing.T) {
	key := base64.StdEncoding.EncodeToString([]byte("a 64-byte storage account key, as Azure issues them, 0123456789"))
	dead := base64.StdEncoding.EncodeToString([]byte("a 64-byte storage account key that was rotated a while ago 0123"))
	runProvider(t, providerCase{
		rule: "azure-storage-account-key", secret: key, pair: "DefaultEndpointsProtocol=https;AccountName=acmedata;EndpointSuffix=core.windows.net",
		hosts: []string{"acmedata.blob.core.windows.net"}, deadSecret: dead,
		vendor: azureVendor(key), denyPath: "/list", wantDenied: "HTTP 403", limitPath: "account/properties",
		check: func(t *testing.T, rep *Report, v *vendor) {
			for label, want := range map[string]string{"account": "acmedata", "sku": "Standard_RAGRS", "kind": "StorageV2", "classic request logging": "write, delete requests, in the $logs container"} {
				if got := field(rep, label); got != want {
					t.Errorf("identity %s = %q, want %q", label, got, want)
				}
			}
			c := resource(rep, "containers")
			if c == nil || c.Count != 2 || strings.Join(c.Items, "; ") != "backups; site (public access: blob)" {
				t.Errorf("containers %+v: want both pages, the public one marked", c)
			}
			if rep.Activity != nil {
				t.Errorf("the account key reads no activity log, yet: %+v", rep.Activity)
			}
		},
	})
}

// The account name comes only from the credential's other part, and only
// in the shape Azure allows: it names the host.
func TestAzureAccountName(t *testing.T) {
	for in, want := range map[string]string{
		"acmedata": "acmedata", "AccountName=acmedata;AccountKey=x": "acmedata", " acmedata ": "acmedata",
		"evil.example/x": "", "acme.evil.example": "", "ab": "", "AccountName=Acme-Data": "", "": "",
	} {
		if got := azureAccountName(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
