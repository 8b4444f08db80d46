using System.Globalization;
using System.Text.RegularExpressions;
using Flamenco.Api;
using Flamenco.Plugins.Storage;

namespace Flamenco.Manager.Features.Shaman;

/// <summary>
/// The checks the Manager makes on what Shaman clients send, before any backend sees it: a checksum is 64
/// lower-case hex digits (Flamenco checked nothing, and a checksum is used as two path segments: worker-and-shaman.md
/// §8.2 item 4; upper case could never match, as Flamenco compares case-sensitively), a size is a whole number of
/// bytes up to <c>shaman.maxFileSize</c>, paths follow <see cref="CheckoutPathRules"/> (relative, no <c>..</c>, a
/// length a file system takes), and every field the spec requires is there. The backend checks the paths again
/// against its folders. Each problem names its field and what was expected.
/// </summary>
internal static partial class ShamanInput
{
    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();

    public static string? ChecksumProblem(string field, string? checksum) =>
        checksum is null ? $"{field}: required, the file's SHA-256 checksum as 64 lower-case hex digits"
        : Sha256Hex().IsMatch(checksum) ? null
        : $"{field}: expected a SHA-256 checksum as 64 lower-case hex digits, got \"{checksum}\"";

    public static string? SizeProblem(string field, long? size, long maxSize) =>
        size is null ? $"{field}: required, the file's size in bytes"
        : size < 0 || size > maxSize ? $"{field}: expected a size in bytes from 0 to {maxSize} (shaman.maxFileSize), got {size}"
        : null;

    /// <summary>What is wrong with a checkout path (<c>checkoutPath</c>, or a job's <c>storage.shaman_checkout_id</c>); null when nothing.</summary>
    public static string? CheckoutPathProblem(string field, string? path) =>
        string.IsNullOrEmpty(path) ? $"{field}: required, a relative path like \"project/scene/job\""
        : CheckoutPathRules.CheckoutPathProblem(field, path);

    /// <summary>The problems with a file named in the URL, <c>files/{checksum}/{filesize}</c>; the size as a number.</summary>
    public static List<string> FileRoute(string? checksum, string? filesize, long maxSize, out long size)
    {
        List<string> problems = [];
        if (ChecksumProblem("checksum", checksum) is { } badChecksum) problems.Add(badChecksum);
        if (!long.TryParse(filesize, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out size))
        {
            problems.Add($"filesize: expected a whole number of bytes from 0 to {maxSize}, got \"{filesize}\"");
        }
        else if (SizeProblem("filesize", size, maxSize) is { } badSize) problems.Add(badSize);
        return problems;
    }

    /// <summary>The files of a requirements or checkout request as the backend takes them, or the problems with them.</summary>
    public static List<string> Files(IReadOnlyList<ShamanFileSpec?>? files, long maxSize, out List<StorageFileSpec> specs)
    {
        specs = [];
        if (files is null) return ["files: required, a list of {\"sha\", \"size\", \"path\"}"];
        var problems = new List<string>();
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            if (file is null)
            {
                problems.Add($"files[{i}]: expected an object {{\"sha\", \"size\", \"path\"}}, got null");
                continue;
            }
            var before = problems.Count;
            if (ChecksumProblem($"files[{i}].sha", file.Sha) is { } sha) problems.Add(sha);
            if (SizeProblem($"files[{i}].size", file.Size, maxSize) is { } size) problems.Add(size);
            if (string.IsNullOrEmpty(file.Path)) problems.Add($"files[{i}].path: required, the file's path in the checkout");
            else if (CheckoutPathRules.FilePathProblem($"files[{i}].path", file.Path) is { } path) problems.Add(path);
            if (problems.Count == before) specs.Add(new StorageFileSpec(file.Sha!, file.Size!.Value, file.Path!));
        }
        return problems;
    }

    public static ShamanFileStatus ToWire(StoredFileStatus status) => status switch
    {
        StoredFileStatus.Stored => ShamanFileStatus.Stored,
        StoredFileStatus.Uploading => ShamanFileStatus.Uploading,
        _ => ShamanFileStatus.Unknown,
    };
}
