package monitor

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

// Three pages of 100, 100 and 50 repositories, paginated as each platform
// documents: GitHub and GitLab with a Link header, Bitbucket with "next".
func TestListFollowsPagination(t *testing.T) {
	const total = 250
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if page == 0 {
			page = 1
		}
		auth := r.Header.Get("Authorization") + r.Header.Get("PRIVATE-TOKEN")
		if auth != "Bearer tok" && auth != "tok" {
			w.WriteHeader(401)
			return
		}
		from, to := (page-1)*100, min(page*100, total)
		next := ""
		if to < total {
			next = fmt.Sprintf("%s%s?page=%d", srv.URL, r.URL.Path, page+1)
		}
		switch {
		case r.URL.Path == "/orgs/acme/repos" || r.URL.Path == "/api/v4/groups/acme/projects":
			if next != "" {
				w.Header().Set("Link", `<`+next+`>; rel="next", <x>; rel="last"`)
			}
			var rs []map[string]any
			for i := from; i < to; i++ {
				rs = append(rs, map[string]any{"full_name": fmt.Sprintf("acme/r%d", i), "path_with_namespace": fmt.Sprintf("acme/r%d", i),
					"clone_url": fmt.Sprintf("https://git.test/acme/r%d.git", i), "http_url_to_repo": fmt.Sprintf("https://git.test/acme/r%d.git", i)})
			}
			json.NewEncoder(w).Encode(rs)
		case r.URL.Path == "/2.0/repositories/acme":
			var vs []map[string]any
			for i := from; i < to; i++ {
				vs = append(vs, map[string]any{"full_name": fmt.Sprintf("acme/r%d", i),
					"links": map[string]any{"clone": []map[string]string{{"name": "https", "href": fmt.Sprintf("https://ann@bitbucket.test/acme/r%d.git", i)}}}})
			}
			json.NewEncoder(w).Encode(map[string]any{"values": vs, "next": next})
		default:
			w.WriteHeader(404)
		}
	}))
	defer srv.Close()
	for _, platform := range []string{"github", "gitlab", "bitbucket"} {
		l := &Lister{Platform: platform, APIURL: srv.URL, Token: "tok", Client: srv.Client()}
		repos, err := l.List(context.Background(), "acme")
		if err != nil {
			t.Fatalf("%s: %v", platform, err)
		}
		if len(repos) != total || repos[249].Name != "acme/r249" || repos[0].CloneURL == "" {
			t.Errorf("%s: %d repos, last %+v", platform, len(repos), repos[len(repos)-1])
		}
		if platform == "bitbucket" && repos[0].CloneURL != "https://bitbucket.test/acme/r0.git" {
			t.Errorf("bitbucket clone URL keeps a user: %s", repos[0].CloneURL)
		}
	}
	bad := &Lister{Platform: "github", APIURL: srv.URL, Token: "wrong", Client: srv.Client()}
	if _, err := bad.List(context.Background(), "acme"); err == nil {
		t.Error("401 not reported")
	}
}
