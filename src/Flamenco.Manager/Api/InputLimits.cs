using System.Globalization;
using System.Text;
using System.Text.Json;
using FluentValidation;

namespace Flamenco.Manager.Api;

/// <summary>
/// The longest text the Manager stores for a client, in UTF-8 bytes (as stored), in one place; README "Limits"
/// lists them. Without them one request could store megabytes in a field every listing sends back, or, for a
/// worker tag name, fail inside the database: LiteDB refuses index keys over 1,023 bytes, and tag names are a
/// unique index. A request over a limit gets a 400 naming the field and its maximum, and changes nothing.
/// </summary>
public static class InputLimits
{
    /// <summary>Names: jobs, workers, worker tags. Below LiteDB's 1,023-byte index keys, with room for the key's own header.</summary>
    public const int NameBytes = 1000;

    /// <summary>Short identifiers: job type and its etag, platforms, software versions, task types.</summary>
    public const int IdentifierBytes = 256;

    /// <summary>A worker's secret (stored hashed, but hashed whole).</summary>
    public const int SecretBytes = 1000;

    /// <summary>Free text shown beside a job, task or tag: tag descriptions, status-change reasons, task activity.</summary>
    public const int DescriptionBytes = 10_000;

    /// <summary>Number of a job's metadata entries.</summary>
    public const int MetadataEntries = 1000;

    /// <summary>One metadata key.</summary>
    public const int MetadataKeyBytes = 1000;

    /// <summary>One metadata value.</summary>
    public const int MetadataValueBytes = 10_000;

    /// <summary>A job's settings as JSON. Flamenco's add-on sends a few kilobytes.</summary>
    public const int SettingsBytes = 1024 * 1024;

    /// <summary>Checkout paths (<c>checkoutPath</c>, <c>storage.shaman_checkout_id</c>) and file paths in a checkout.</summary>
    public const int PathBytes = Plugins.Storage.CheckoutPathRules.MaxPathBytes;

    /// <summary>The text is at most <paramref name="maxBytes"/> in UTF-8; the message names <paramref name="field"/>.</summary>
    public static IRuleBuilderOptions<T, string?> MaxBytes<T>(this IRuleBuilder<T, string?> rule, string field, int maxBytes) =>
        rule.Must(v => v is null || Encoding.UTF8.GetByteCount(v) <= maxBytes).WithName(field)
            .WithMessage((_, v) => TooLong(field, maxBytes, Encoding.UTF8.GetByteCount(v!)));

    /// <summary>Every text of a list is at most <paramref name="maxBytes"/>; the message names the first that is not.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<string>?> EachMaxBytes<T>(this IRuleBuilder<T, IReadOnlyList<string>?> rule, string field, int maxBytes) =>
        rule.Must(v => v is null || v.All(t => t is null || Encoding.UTF8.GetByteCount(t) <= maxBytes)).WithName(field)
            .WithMessage((_, v) =>
            {
                var texts = v!.ToList();
                var index = texts.FindIndex(t => t is not null && Encoding.UTF8.GetByteCount(t) > maxBytes);
                return TooLong($"{field}[{index}]", maxBytes, Encoding.UTF8.GetByteCount(texts[index]));
            });

    /// <summary>What is wrong with a job's metadata, or null: too many entries, or a key or value too long.</summary>
    public static string? MetadataProblem(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null) return null;
        if (metadata.Count > MetadataEntries)
        {
            return string.Create(CultureInfo.InvariantCulture, $"metadata: expected at most {MetadataEntries} entries, got {metadata.Count}");
        }
        foreach (var (key, value) in metadata)
        {
            var keyBytes = Encoding.UTF8.GetByteCount(key);
            // The key itself may be the long part, so it is not quoted whole.
            if (keyBytes > MetadataKeyBytes) return TooLong($"metadata: the key \"{key[..Math.Min(key.Length, 40)]}…\"", MetadataKeyBytes, keyBytes);
            if (value is not null && Encoding.UTF8.GetByteCount(value) is var valueBytes && valueBytes > MetadataValueBytes)
            {
                return TooLong($"metadata: the value of \"{key}\"", MetadataValueBytes, valueBytes);
            }
        }
        return null;
    }

    /// <summary>What is wrong with a job's settings' size, or null.</summary>
    public static string? SettingsProblem(JsonElement? settings)
    {
        if (settings is not { } value) return null;
        var bytes = Encoding.UTF8.GetByteCount(value.GetRawText());
        return bytes > SettingsBytes ? TooLong("settings", SettingsBytes, bytes) : null;
    }

    private static string TooLong(string field, int maxBytes, int bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{field}: expected at most {maxBytes} bytes (UTF-8), got {bytes} bytes");
}
