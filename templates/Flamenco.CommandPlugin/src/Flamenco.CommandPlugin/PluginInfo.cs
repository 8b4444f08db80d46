using Flamenco.Plugins;

// The host reads this without running any plugin code: the id names the plugin in GET /api/v3/plugins, in its logs,
// and in the configuration (Plugins:Settings:flamenco.commandplugin). Keep it stable across versions.
[assembly: FlamencoPlugin("flamenco.commandplugin", Name = "Worker command: flamenco-sample-verb")]
