using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Flamenco.Plugins.Storage.Shaman.FileStore;

/// <summary>
/// Receives one upload (worker-and-shaman.md §5.2, <c>POST /shaman/files</c>): streams it into its own temporary file
/// while hashing, reads at most one byte more than declared (so an oversized body cannot fill the disk), checks size
/// then checksum, and renames the file into the store. The temporary file is always gone afterwards.
/// </summary>
internal sealed class UploadReceiver(ContentStore store, ILogger logger)
{
    private readonly StoredSignals _signals = new();

    public async Task<StoreFileResult> ReceiveAsync(StoreFileRequest request, Stream content, CancellationToken cancellationToken)
    {
        var (checksum, size) = (request.Checksum, request.Size);
        ShamanChecksum.Check(checksum, size);
        switch (store.Status(checksum, size))
        {
            case StoredFileStatus.Stored:
                return StoreFileResult.AlreadyStored;
            case StoredFileStatus.Uploading when request.CanDefer:
                logger.LogDebug("Shaman: {File} ({Checksum}/{Size}) is being uploaded by someone else; the client defers",
                    request.OriginalFileName, checksum, size);
                return StoreFileResult.Deferred;
        }

        var key = $"{checksum}/{size.ToString(CultureInfo.InvariantCulture)}";
        using var signal = _signals.Subscribe(key);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, signal.Stored);
        var (temporary, stream) = store.CreateTemporary(checksum, size);
        var moved = false;
        try
        {
            Copied copied;
            await using (stream)
            {
                try
                {
                    copied = await CopyAsync(content, stream, size, reading.Token);
                }
                catch (OperationCanceledException) when (signal.Stored.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    logger.LogDebug("Shaman: {File} ({Key}) was stored by another upload meanwhile", request.OriginalFileName, key);
                    return StoreFileResult.AlreadyStored;
                }
                // On disk before it is renamed into place: a stored file must never turn out empty after a crash.
                stream.Flush(flushToDisk: true);
            }

            if (copied.Received != size)
            {
                var received = copied.Received > size ? $"more than {size}" : copied.Received.ToString(CultureInfo.InvariantCulture);
                throw new StorageException(StorageError.ContentMismatch, $"file size mismatched, declared {size} but received {received} bytes");
            }
            if (copied.Checksum != checksum)
            {
                throw new StorageException(StorageError.ContentMismatch, $"file SHA256 mismatched, declared {checksum} but received {copied.Checksum}");
            }

            // Checkouts link to stored files: read-only, so a job writing to its input cannot change every job's copy (§8.2 item 9).
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            moved = store.MoveIntoStore(temporary, checksum, size);
            if (!moved) return StoreFileResult.AlreadyStored;
            _signals.Announce(key);
            logger.LogInformation("Shaman: stored {File} ({Checksum}/{Size})", request.OriginalFileName, checksum, size);
            return StoreFileResult.Stored;
        }
        finally
        {
            if (!moved) store.Discard(temporary, checksum);
        }
    }

    private static async Task<Copied> CopyAsync(Stream content, Stream destination, long size, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long received = 0;
            // One byte beyond the declared size is enough to know the upload is too big.
            while (received <= size)
            {
                var wanted = (int)Math.Min(buffer.Length, size + 1 - received);
                var read = await content.ReadAsync(buffer.AsMemory(0, wanted), cancellationToken);
                if (read == 0) break;
                received += read;
                if (received > size) break;
                hash.AppendData(buffer, 0, read);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            return new Copied(received, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private readonly record struct Copied(long Received, string Checksum);
}
