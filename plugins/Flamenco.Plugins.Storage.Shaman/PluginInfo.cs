using Flamenco.Plugins;

[assembly: FlamencoPlugin("flamenco.storage.shaman", Name = "Shaman file store")]
