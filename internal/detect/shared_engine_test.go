package detect

import (
	"sync"
	"testing"

	"github.com/leakhound/leakhound/internal/rule"
	"github.com/leakhound/leakhound/internal/testutil"
)

// The built-in catalogue's engine is made once per test binary and shared
// by every test that scans with the whole catalogue: building it (1,100
// rules, a 14,000-state automaton) cost each such test about as much as
// its own scans, 15 s under the race detector on a busy machine.
var builtinEngine struct {
	once sync.Once
	e    *Engine
	err  error
}

// CatalogueRulesForTest returns the built-in rules, shared by the tests:
// they must not be changed.
func CatalogueRulesForTest(t testing.TB) []*rule.Rule {
	t.Helper()
	return testutil.SharedCatalogue(t)
}

// CatalogueEngineForTest returns an engine of the built-in catalogue: a
// copy of the shared one, whose clock (SetClock) is the test's own. All
// else in an engine is read-only once built, lazily compiled parts
// included (sync.OnceValue), so the copies share it.
func CatalogueEngineForTest(t testing.TB) *Engine {
	t.Helper()
	rs := testutil.SharedCatalogue(t)
	builtinEngine.once.Do(func() { builtinEngine.e, builtinEngine.err = New(rs) })
	if builtinEngine.err != nil {
		t.Fatal(builtinEngine.err)
	}
	c := *builtinEngine.e
	return &c
}
