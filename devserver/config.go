package devserver

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	sqliteschema "go.temporal.io/server/schema/sqlite"
)

// clusterName is the name of the single, local cluster.
const clusterName = "active"

// memoryDBCounter makes in-memory database names unique within the process:
// SQLite shares one in-memory database among connections that use one name.
var memoryDBCounter atomic.Int64

// servicePorts holds the gRPC port of each Temporal service and the
// frontend's HTTP API port (set so Nexus and the HTTP API work and the
// frontend does not warn about it at start).
type servicePorts struct {
	frontend, frontendHTTP, history, matching, worker int
}

// serverConfig builds the static Temporal configuration for one server.
func serverConfig(ip string, ports servicePorts, sql *config.SQL) *config.Config {
	var c config.Config
	c.Global.Membership.MaxJoinDuration = 30 * time.Second
	c.Global.Membership.BroadcastAddress = ip

	c.Persistence.DefaultStore = "sqlite-default"
	c.Persistence.VisibilityStore = "sqlite-default"
	c.Persistence.NumHistoryShards = 1
	c.Persistence.DataStores = map[string]config.DataStore{"sqlite-default": {SQL: sql}}

	frontend := hostPort(ip, ports.frontend)
	c.ClusterMetadata = &cluster.Config{
		EnableGlobalNamespace:    false,
		FailoverVersionIncrement: 10,
		MasterClusterName:        clusterName,
		CurrentClusterName:       clusterName,
		ClusterInformation: map[string]cluster.ClusterInformation{
			clusterName: {
				Enabled:                true,
				InitialFailoverVersion: 1,
				RPCAddress:             frontend,
				HTTPAddress:            hostPort(ip, ports.frontendHTTP),
			},
		},
	}
	c.DCRedirectionPolicy.Policy = "noop"
	service := func(port int) config.Service {
		return config.Service{RPC: config.RPC{GRPCPort: port, BindOnIP: ip}}
	}
	frontendService := service(ports.frontend)
	frontendService.RPC.HTTPPort = ports.frontendHTTP
	c.Services = map[string]config.Service{
		"frontend": frontendService,
		"history":  service(ports.history),
		"matching": service(ports.matching),
		"worker":   service(ports.worker),
	}
	c.Archival.History.State = "disabled"
	c.Archival.Visibility.State = "disabled"
	c.NamespaceDefaults.Archival.History.State = "disabled"
	c.NamespaceDefaults.Archival.Visibility.State = "disabled"
	c.PublicClient.HostPort = frontend
	return &c
}

// sqlConfig returns the SQLite store for dbFile ("" for in memory). For a
// file that does not exist yet it creates the file and its schema.
func sqlConfig(dbFile string) (*config.SQL, error) {
	c := &config.SQL{PluginName: sqliteplugin.PluginName}
	if dbFile == "" {
		c.DatabaseName = "devserver-" + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatInt(memoryDBCounter.Add(1), 10)
		c.ConnectAttributes = map[string]string{"mode": "memory", "cache": "shared"}
		return c, nil
	}
	c.DatabaseName = dbFile
	// WAL with synchronous=NORMAL keeps the database consistent after a crash
	// and skips an fsync per commit; a dev server may lose the last commits
	// on power loss, never its integrity.
	c.ConnectAttributes = map[string]string{"mode": "rwc", "journal_mode": "wal", "synchronous": "normal"}
	_, err := os.Stat(dbFile)
	switch {
	case err == nil:
		return c, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("stat database file %s: %w", dbFile, err)
	}
	if _, err := os.Stat(filepath.Dir(dbFile)); err != nil {
		return nil, fmt.Errorf("database file %s: directory: %w", dbFile, err)
	}
	if err := sqliteschema.SetupSchema(c); err != nil {
		return nil, fmt.Errorf("create schema in database file %s: %w", dbFile, err)
	}
	return c, nil
}

// preRegisterNamespaces writes each namespace, with the Stabilize search
// attributes, straight into the database; existing namespaces are left alone
// (ensureSearchAttributes adds missing attributes once the server runs).
func preRegisterNamespaces(sql *config.SQL, names []string) error {
	attrs := searchAttributes()
	nsConfigs := make([]*sqliteschema.NamespaceConfig, 0, len(names))
	for _, name := range names {
		nc, err := sqliteschema.NewNamespaceConfig(clusterName, name, false, attrs)
		if err != nil {
			return fmt.Errorf("namespace %q config: %w", name, err)
		}
		nsConfigs = append(nsConfigs, nc)
	}
	if err := sqliteschema.CreateNamespaces(sql, nsConfigs...); err != nil {
		return fmt.Errorf("register namespaces %v: %w", names, err)
	}
	return nil
}

// searchAttributes lists the custom search attributes every namespace gets.
func searchAttributes() map[string]enumspb.IndexedValueType {
	m := make(map[string]enumspb.IndexedValueType, len(SearchAttributes))
	for _, name := range SearchAttributes {
		m[name] = enumspb.INDEXED_VALUE_TYPE_KEYWORD
	}
	return m
}

func hostPort(ip string, port int) string {
	return net.JoinHostPort(ip, strconv.Itoa(port))
}
