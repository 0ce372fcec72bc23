package config

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// composeFile is the part of docker-compose.yml the test reads.
type composeFile struct {
	Services map[string]struct {
		Image         string            `yaml:"image"`
		Build         map[string]string `yaml:"build"`
		Ports         []string          `yaml:"ports"`
		Environment   map[string]string `yaml:"environment"`
		ContainerName string            `yaml:"container_name"`
		DependsOn     yaml.Node         `yaml:"depends_on"`
	} `yaml:"services"`
}

// Docker cannot run here, so the compose file is checked by reading it:
// the services and ports, a scalable worker, and env names that
// are real config keys.
func TestDockerCompose(t *testing.T) {
	data, err := os.ReadFile("../docker-compose.yml")
	require.NoError(t, err)
	var c composeFile
	require.NoError(t, yaml.Unmarshal(data, &c))

	t.Run("issue: Temporal auto-setup on PostgreSQL with the Web UI", func(t *testing.T) {
		require.Contains(t, c.Services, "postgresql")
		assert.True(t, strings.HasPrefix(c.Services["postgresql"].Image, "postgres:"))
		temporal := c.Services["temporal"]
		assert.True(t, strings.HasPrefix(temporal.Image, "temporalio/auto-setup:"), temporal.Image)
		assert.Equal(t, "postgres12", temporal.Environment["DB"])
		assert.Equal(t, "postgresql", temporal.Environment["POSTGRES_SEEDS"])
		assert.Contains(t, temporal.Ports, "7233:7233")
		ui := c.Services["ui"]
		assert.True(t, strings.HasPrefix(ui.Image, "temporalio/ui:"), ui.Image)
		assert.Contains(t, ui.Ports, "8080:8080")
		assert.Equal(t, "temporal:7233", ui.Environment["TEMPORAL_ADDRESS"])
	})
	t.Run("issue: the worker is built here and scales with --scale worker=3", func(t *testing.T) {
		w := c.Services["worker"]
		assert.Equal(t, "Dockerfile", w.Build["dockerfile"])
		assert.Empty(t, w.Ports, "published ports would clash between replicas")
		assert.Empty(t, w.ContainerName, "a fixed container name prevents scaling")
		assert.Equal(t, "temporal:7233", w.Environment["STABILIZE_ADDRESS"])
		df, err := os.ReadFile("../Dockerfile")
		require.NoError(t, err)
		assert.Contains(t, string(df), "go build")
		assert.Contains(t, string(df), "./worker")
	})
	t.Run("issue: every STABILIZE_ variable is a config key", func(t *testing.T) {
		for name, svc := range c.Services {
			for env, val := range svc.Environment {
				if !strings.HasPrefix(env, EnvPrefix) {
					continue
				}
				k, ok := KeyForEnv(env)
				if assert.True(t, ok, "service %s: %s names no config key", name, env) {
					_, err := coerce(k.Kind, val)
					assert.NoError(t, err, "service %s: %s=%q", name, env, val)
				}
			}
		}
	})
}
