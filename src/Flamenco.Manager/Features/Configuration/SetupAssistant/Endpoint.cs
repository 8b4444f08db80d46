using System.Text.Json;
using Flamenco.Api;
using Flamenco.Manager.Api;
using Flamenco.Manager.Hosting;
using Flamenco.Manager.Variables;
using FastEndpoints;
using Microsoft.Extensions.Options;

namespace Flamenco.Manager.Features.Configuration.SetupAssistant;

/// <summary>
/// Saves the setup assistant's answers into <c>flamenco-manager.yaml</c> as Flamenco does (manager.md §6.3):
/// <c>shared_storage_path</c>, the <c>blender</c> variable for linux, windows and darwin, and <c>blenderArgs</c>
/// <c>-b -y</c>; every other setting is kept. Unlike Flamenco, which only checks the folder is named, the folder must
/// pass the shared-storage check, and the Manager does not restart itself: the shared storage takes effect at the next
/// start (the answer's <see cref="ManagerConfigurationFile.RestartHeader"/> says so), while <c>isFirstRun</c> turns false
/// at once.
/// </summary>
public sealed class SaveSetupAssistantConfigEndpoint(ManagerConfigurationFile file, IOptionsMonitor<ManagerOptions> options) : Endpoint<SetupAssistantConfig>
{
    public const string DefaultBlenderArgs = "-b -y";

    /// <summary>Like Go's string quoting: escapes only what must be, so a non-ASCII path stays readable.</summary>
    private static readonly JsonSerializerOptions Quoting = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override void Configure()
    {
        Post("configuration/setup-assistant");
        Group<MetaGroup>();
        AllowAnonymous();
        Description(d => d.WithName("saveSetupAssistantConfig").Produces(204).Produces<ApiError>(400));
    }

    public override async Task HandleAsync(SetupAssistantConfig req, CancellationToken ct)
    {
        if (AnswerProblem(req) is { } incomplete)
        {
            await HttpContext.SendErrorAsync(400, incomplete, ct);
            return;
        }
        var storage = SharedStorageCheck.Check(req.StorageLocation!);
        if (!storage.IsUsable)
        {
            await HttpContext.SendErrorAsync(400, $"storageLocation: {req.StorageLocation} cannot be the shared storage: {storage.Cause}", ct);
            return;
        }
        var (settings, problem) = SettingsDocument.Parse(SettingsDocument.ToJson(options.CurrentValue));
        if (settings is null)
        {
            await HttpContext.SendErrorAsync(400, $"the Manager's current configuration cannot be saved as it is; fix it first: {problem}", ct);
            return;
        }
        settings.SharedStoragePath = req.StorageLocation!;
        var blender = BlenderCommand(req.BlenderExecutable!);
        settings.Variables["blender"] = new VariableDefinition
        {
            Values = [.. new[] { "linux", "windows", "darwin" }.Select(platform => new VariableValue { Platform = platform, Value = blender })],
        };
        settings.Variables["blenderArgs"] = new VariableDefinition { Values = [new VariableValue { Platform = VariableTables.All, Value = DefaultBlenderArgs }] };
        await this.SaveAsync(file, settings, "the setup assistant", ct);
    }

    /// <summary>Flamenco's completeness rules (manager.md §6.3), each naming the answer that is missing.</summary>
    private static string? AnswerProblem(SetupAssistantConfig answers)
    {
        if (string.IsNullOrWhiteSpace(answers.StorageLocation)) return "storageLocation: required, the shared storage folder";
        if (answers.BlenderExecutable is not { } blender) return "blenderExecutable: required, a result of POST /api/v3/configuration/check/blender";
        if (!blender.IsUsable) return $"blenderExecutable.is_usable: must be true; this Blender is not usable: {blender.Cause}";
        var source = JsonSerializer.Serialize(blender.Source).Trim('"');
        if (blender.Source is not BlenderPathSource.Default && string.IsNullOrWhiteSpace(blender.Path)) return $"blenderExecutable.path: required for source {source}";
        if (blender.Source is BlenderPathSource.InputPath or BlenderPathSource.PathEnvvar or BlenderPathSource.SystemLocation && string.IsNullOrWhiteSpace(blender.Input))
        {
            return $"blenderExecutable.input: required for source {source}";
        }
        return null;
    }

    /// <summary>
    /// What the <c>blender</c> variable becomes: the plain command for the default and the file association (the worker
    /// searches for it), the command as typed when found on PATH, the full path otherwise; quoted when the worker's
    /// command-line splitting would cut it (Flamenco quotes the same characters).
    /// </summary>
    private static string BlenderCommand(BlenderPathCheckResult found)
    {
        var command = found.Source switch
        {
            BlenderPathSource.Default or BlenderPathSource.FileAssociation => BlenderProbe.DefaultCommand,
            BlenderPathSource.PathEnvvar => found.Input,
            _ => found.Path,
        };
        return command.IndexOfAny(['\n', '\t', ';', '(', ')']) >= 0 ? JsonSerializer.Serialize(command, Quoting) : command;
    }
}
