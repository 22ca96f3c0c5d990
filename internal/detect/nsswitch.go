package detect

import "bytes"

// nsswitch.conf(5) names the passwd database and the services that answer
// for it ("passwd: files systemd"), in every Linux image's /etc: a line
// that reads like a password setting and holds none.

// nssServices are the services glibc's and musl's nsswitch.conf name.
var nssServices = map[string]bool{
	"files": true, "db": true, "compat": true, "dns": true, "nis": true, "nisplus": true, "hesiod": true,
	"systemd": true, "sss": true, "ldap": true, "winbind": true, "mymachines": true, "myhostname": true,
	"resolve": true, "wins": true, "cache": true, "extrausers": true, "altfiles": true, "usrfiles": true,
	"mdns": true, "mdns4": true, "mdns4_minimal": true, "mdns6": true, "mdns_minimal": true, "lwres": true, "oslogin": true,
}

// nssDatabaseLine reports an nsswitch.conf line for the passwd database:
// its value only services and [STATUS=action] brackets.
func nssDatabaseLine(data []byte, a assignment) bool {
	if string(data[a.keyStart:a.keyEnd]) != "passwd" || len(a.value) == 0 {
		return false
	}
	for _, w := range bytes.Fields(a.value) {
		if !nssServices[string(w)] && !(w[0] == '[' && w[len(w)-1] == ']') {
			return false
		}
	}
	return true
}
