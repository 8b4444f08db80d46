using System.Collections.Concurrent;
using Acornima;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace Flamenco.Plugins.JobCompilers.JavaScript.Runtime;

/// <summary>
/// <c>require(id)</c>: the built-in modules <c>author</c>, <c>path</c> and <c>process</c>, and CommonJS helper files
/// found only inside the job-type folders (<see cref="Flamenco.Plugins.JobTypes.JobTypeSource.ModuleDirectories"/>,
/// highest priority first, like Flamenco's on-disk-then-embedded lookup).
/// </summary>
/// <remarks>
/// Module ids are paths relative to the job-type folder: <c>./x</c> and <c>../x</c> relative to the requiring module,
/// anything else from the folder's root, then from its <c>node_modules</c>. <c>.js</c> is appended when missing.
/// Absolute paths and <c>..</c> that would leave the folder are refused. Each module runs at most once per compile;
/// a module that failed to run fails again on every later <c>require</c> of it in the same compile.
/// </remarks>
internal sealed class ModuleLoader(ScriptSession session, ModuleScriptCache scripts)
{
    private static readonly string[] BuiltIn = ["author", "path", "process"];

    private readonly Dictionary<string, LoadedModule> _loaded = new(StringComparer.Ordinal);

    /// <summary>A <c>require</c> for code in <paramref name="directory"/> (a folder-relative path, "" for the root).</summary>
    public ClrFunction RequireFunction(string directory) =>
        ScriptGlobals.Function(session.Engine, "require", (_, args) => Require(ScriptGlobals.StringArgument(args, 0), directory));

    private JsValue Require(string id, string fromDirectory)
    {
        switch (id)
        {
            case "author": return session.Author;
            case "path": return session.PathModule;
            case "process": return session.ProcessModule;
        }

        var candidates = Resolve(id, fromDirectory);
        foreach (var candidate in candidates)
        {
            if (_loaded.TryGetValue(candidate, out var loaded)) return loaded.Exports();
        }
        foreach (var candidate in candidates)
        {
            if (Find(candidate) is { } file) return Load(candidate, file).Exports();
        }
        throw new ArgumentException($"require('{id}'): no module {candidates[0]} in the job-type folders (built-in modules: {string.Join(", ", BuiltIn)})");
    }

    /// <summary>The folder-relative paths to try for <paramref name="id"/>, in order.</summary>
    private static List<string> Resolve(string id, string fromDirectory)
    {
        if (id.Length == 0) throw new ArgumentException("require(id): a module id is required");
        var slashed = id.Replace('\\', '/');
        if (slashed.StartsWith('/') || slashed.Contains(':', StringComparison.Ordinal) || Path.IsPathRooted(id))
        {
            throw new ArgumentException($"require('{id}'): absolute paths are not allowed; name helper modules relative to the job-type folder");
        }

        var relative = slashed.StartsWith("./", StringComparison.Ordinal) || slashed.StartsWith("../", StringComparison.Ordinal);
        var segments = relative && fromDirectory.Length > 0 ? fromDirectory.Split('/').ToList() : [];
        foreach (var segment in slashed.Split('/'))
        {
            switch (segment)
            {
                case "" or ".":
                    break;
                case "..":
                    if (segments.Count == 0) throw new ArgumentException($"require('{id}'): the module path leaves the job-type folder");
                    segments.RemoveAt(segments.Count - 1);
                    break;
                default:
                    segments.Add(segment);
                    break;
            }
        }
        if (segments.Count == 0) throw new ArgumentException($"require('{id}'): not a module file");
        if (!segments[^1].EndsWith(".js", StringComparison.Ordinal)) segments[^1] += ".js";

        var path = string.Join('/', segments);
        return relative ? [path] : [path, "node_modules/" + path];
    }

    /// <summary>The file for a folder-relative module path, from the highest-priority folder that has it.</summary>
    private string? Find(string modulePath)
    {
        foreach (var directory in session.Source.ModuleDirectories)
        {
            var root = Path.GetFullPath(directory);
            var file = Path.GetFullPath(Path.Combine(root, modulePath));
            // Resolve already refused "..", so this only guards against surprises in path handling.
            if (!file.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal)) continue;
            if (File.Exists(file)) return file;
        }
        return null;
    }

    private LoadedModule Load(string modulePath, string file)
    {
        var engine = session.Engine;
        var script = scripts.Get(file);
        var module = new JsObject(engine);
        var exports = new JsObject(engine);
        module.CreateDataProperty("exports", exports);
        module.CreateDataProperty("id", new JsString(modulePath));
        var loaded = new LoadedModule(module);
        // Registered before it runs, so a require cycle gets the partial exports, as in Node.
        _loaded[modulePath] = loaded;

        var directory = modulePath.Contains('/', StringComparison.Ordinal) ? modulePath[..modulePath.LastIndexOf('/')] : "";
        try
        {
            var function = engine.Evaluate(script);
            engine.Invoke(function, exports, [exports, RequireFunction(directory), module, new JsString(modulePath), new JsString(directory)]);
        }
        catch (JavaScriptException e)
        {
            loaded.Failure = e.Error;
            throw;
        }
        return loaded;
    }

    private sealed class LoadedModule(ObjectInstance module)
    {
        public JsValue? Failure { get; set; }

        public JsValue Exports() => Failure is { } failure ? throw new JavaScriptException(failure) : module.Get("exports");
    }
}

/// <summary>
/// Parsed helper modules, shared by all compiles of a compiler. Files are re-read on every first <c>require</c> of a
/// compile (so edits apply at once, as in Flamenco), and parsed again only when their text changed.
/// </summary>
internal sealed class ModuleScriptCache
{
    private readonly ConcurrentDictionary<string, (string Text, Prepared<Script> Script)> _scripts = new(StringComparer.Ordinal);

    public Prepared<Script> Get(string file)
    {
        var text = File.ReadAllText(file);
        if (_scripts.TryGetValue(file, out var cached) && cached.Text == text) return cached.Script;

        Prepared<Script> script;
        try
        {
            // The wrapper starts on the module's first line, so reported line numbers match the file.
            script = Engine.PrepareScript($"(function (exports, require, module, __filename, __dirname) {{{text}\n}})", file);
        }
        catch (Exception e) when (e is ScriptPreparationException or ParseErrorException)
        {
            throw ScriptErrors.FromParseError(e, file);
        }
        _scripts[file] = (text, script);
        return script;
    }
}
