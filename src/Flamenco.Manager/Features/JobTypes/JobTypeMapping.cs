using Flamenco.Api;
using Flamenco.Plugins.JobTypes;

namespace Flamenco.Manager.Features.JobTypes;

internal static class JobTypeMapping
{
    public static AvailableJobType ToWire(this JobTypeInfo info) => new()
    {
        Name = info.Name,
        Label = info.Label,
        Description = info.Description,
        Etag = info.Etag,
        Settings = [.. info.Settings.Select(s => new AvailableJobSetting
        {
            Key = s.Key,
            Type = s.Type,
            Subtype = s.Subtype,
            Choices = s.Choices,
            Propargs = s.Propargs,
            Description = s.Description,
            Label = s.Label,
            Default = s.Default,
            Eval = s.Eval,
            EvalInfo = s.EvalInfo is { } e ? new AvailableJobSettingEvalInfo { ShowLinkButton = e.ShowLinkButton, Description = e.Description } : null,
            Visible = s.Visible,
            Required = s.Required,
            Editable = s.Editable,
        })],
    };
}
