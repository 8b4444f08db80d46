using System.Text;

namespace Flamenco.Plugins.Storage.Shaman.Tests;

/// <summary>Uploads (worker-and-shaman.md §5.2 <c>POST /shaman/files</c>, cases T57–T60, §8.2 items 4–6).</summary>
public sealed class UploadTests : IDisposable
{
    private readonly ShamanFixture _shaman = new();

    [Fact]
    public void NewStore_WritesNothing()
    {
        Assert.Empty(ShamanFixture.Entries(_shaman.Shared));
    }

    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("hahaha", "be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912")]
    [InlineData("hähähä", "05b373f2ab421a112c779258ea456c17160fcc1d0fe0bb8282de26122873f6e2")]
    public async Task StoreFile_ChecksumVectors_AreAccepted(string text, string sha)
    {
        var content = Encoding.UTF8.GetBytes(text);

        var result = await StoreAsync(sha, content.Length, content);

        Assert.Equal(StoreFileResult.Stored, result);
        Assert.Equal(content, await File.ReadAllBytesAsync(_shaman.StoredPath(sha, content.Length)));
    }

    [Fact]
    public async Task StoreFile_Verified_IsStoredReadOnlyAndNothingRemainsUploading()
    {
        var result = await StoreAsync(ShamanFixture.PayloadSha, 9, ShamanFixture.Payload);

        var stored = _shaman.StoredPath(ShamanFixture.PayloadSha, 9);
        Assert.Equal(StoreFileResult.Stored, result);
        Assert.Equal(ShamanFixture.Payload, await File.ReadAllBytesAsync(stored));
        Assert.Empty(ShamanFixture.Entries(_shaman.Uploading));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(stored));
        Assert.Equal(StoredFileStatus.Stored, await _shaman.Storage.GetFileStatusAsync(ShamanFixture.PayloadSha, 9, CancellationToken.None));
    }

    [Fact]
    public async Task StoreFile_WrongChecksum_RefusedAndNothingStored()
    {
        var wrong = new string('a', 64);

        var error = await Assert.ThrowsAsync<StorageException>(() => StoreAsync(wrong, 9, ShamanFixture.Payload));

        Assert.Equal(StorageError.ContentMismatch, error.Error);
        Assert.Equal($"file SHA256 mismatched, declared {wrong} but received {ShamanFixture.PayloadSha}", error.Message);
        Assert.Empty(ShamanFixture.Entries(_shaman.Stored));
        Assert.Empty(ShamanFixture.Entries(_shaman.Uploading));
    }

    [Fact]
    public async Task StoreFile_ShorterThanDeclared_RefusedWithBothSizes()
    {
        var error = await Assert.ThrowsAsync<StorageException>(() => StoreAsync(ShamanFixture.PayloadSha, 10, ShamanFixture.Payload));

        Assert.Equal(StorageError.ContentMismatch, error.Error);
        Assert.Equal("file size mismatched, declared 10 but received 9 bytes", error.Message);
        Assert.Empty(ShamanFixture.Entries(_shaman.Stored));
    }

    [Fact]
    public async Task StoreFile_LongerThanDeclared_StopsReadingOneByteAfterTheDeclaredSize()
    {
        var endless = new EndlessStream();

        var error = await Assert.ThrowsAsync<StorageException>(() => StoreAsync(ShamanFixture.PayloadSha, 9, endless));

        Assert.Equal("file size mismatched, declared 9 but received more than 9 bytes", error.Message);
        Assert.Equal(10, endless.Position);
        Assert.Empty(ShamanFixture.Entries(_shaman.Uploading));
    }

    [Theory]
    [InlineData("../../../../etc")]
    [InlineData("05B373F2AB421A112C779258EA456C17160FCC1D0FE0BB8282DE26122873F6E2")]
    [InlineData("a")]
    [InlineData("*")]
    public async Task StoreFile_ChecksumThatIsNotLowerCaseSha256_RefusedBeforeTouchingTheDisk(string checksum)
    {
        var error = await Assert.ThrowsAsync<StorageException>(() => StoreAsync(checksum, 9, ShamanFixture.Payload));

        Assert.Equal(StorageError.InvalidRequest, error.Error);
        Assert.StartsWith("checksum: expected a SHA-256 checksum as 64 lower-case hex digits", error.Message);
        Assert.Empty(ShamanFixture.Entries(_shaman.Uploading));
    }

    [Fact]
    public async Task StoreFile_AlreadyStored_AnswersAlreadyStoredWithoutReading()
    {
        await StoreAsync(ShamanFixture.PayloadSha, 9, ShamanFixture.Payload);
        var again = new EndlessStream();

        var result = await StoreAsync(ShamanFixture.PayloadSha, 9, again);

        Assert.Equal(StoreFileResult.AlreadyStored, result);
        Assert.Equal(0, again.Position);
        Assert.Equal(ShamanFixture.Payload, await File.ReadAllBytesAsync(_shaman.StoredPath(ShamanFixture.PayloadSha, 9)));
    }

    [Fact]
    public async Task StoreFile_SomeoneElseUploadingAndClientCanDefer_Deferred()
    {
        _shaman.PretendUploading(ShamanFixture.PayloadSha, 9);

        var status = await _shaman.Storage.GetFileStatusAsync(ShamanFixture.PayloadSha, 9, CancellationToken.None);
        var deferred = await StoreAsync(ShamanFixture.PayloadSha, 9, ShamanFixture.Payload, canDefer: true);
        var uploaded = await StoreAsync(ShamanFixture.PayloadSha, 9, ShamanFixture.Payload, canDefer: false);

        Assert.Equal(StoredFileStatus.Uploading, status);
        Assert.Equal(StoreFileResult.Deferred, deferred);
        Assert.Equal(StoreFileResult.Stored, uploaded);
    }

    [Fact]
    public async Task StoreFile_ConcurrentUploadStoresFirst_TheOtherStopsAsAlreadyStored()
    {
        var slow = new GatedStream(ShamanFixture.Payload[..4]);
        var first = StoreAsync(ShamanFixture.PayloadSha, 9, slow);
        await slow.FirstReadDone;

        var second = await StoreAsync(ShamanFixture.PayloadSha, 9, ShamanFixture.Payload);

        Assert.Equal(StoreFileResult.Stored, second);
        Assert.Equal(StoreFileResult.AlreadyStored, await first.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(ShamanFixture.Entries(_shaman.Uploading));
    }

    [Fact]
    public async Task StoreFile_ConcurrentUploadOfGarbageFinishesFirst_TheOtherIsNotCutOff()
    {
        var honest = new GatedStream(ShamanFixture.Payload[..4]);
        var first = StoreAsync(ShamanFixture.PayloadSha, 9, honest);
        await honest.FirstReadDone;

        await Assert.ThrowsAsync<StorageException>(() => StoreAsync(ShamanFixture.PayloadSha, 9, "garbage!!"u8.ToArray()));
        honest.Release(ShamanFixture.Payload[4..]);

        Assert.Equal(StoreFileResult.Stored, await first.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task StoreFile_ClientGoesAway_TemporaryFileRemoved()
    {
        var slow = new GatedStream(ShamanFixture.Payload[..4]);
        using var client = new CancellationTokenSource();
        var upload = _shaman.Storage.StoreFileAsync(new StoreFileRequest(ShamanFixture.PayloadSha, 9, false, null), slow, client.Token);
        await slow.FirstReadDone;

        await client.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(ShamanFixture.Entries(_shaman.Uploading));
        Assert.Empty(ShamanFixture.Entries(_shaman.Stored));
    }

    public void Dispose() => _shaman.Dispose();

    private Task<StoreFileResult> StoreAsync(string sha, long size, byte[] content, bool canDefer = false) =>
        StoreAsync(sha, size, new MemoryStream(content), canDefer);

    private Task<StoreFileResult> StoreAsync(string sha, long size, Stream content, bool canDefer = false) =>
        _shaman.Storage.StoreFileAsync(new StoreFileRequest(sha, size, canDefer, "dir/häh.blend"), content, CancellationToken.None);

    /// <summary>Zeros for ever, counting what was read.</summary>
    private sealed class EndlessStream : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Clear(buffer, offset, count);
            _position += count;
            return count;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A client upload that sends its first bytes, then waits (honouring cancellation) until released.</summary>
    private sealed class GatedStream(byte[] first) : Stream
    {
        private readonly TaskCompletionSource _firstReadDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<byte[]> _rest = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private byte[]? _pending = first;
        private bool _released;

        public Task FirstReadDone => _firstReadDone.Task;

        public void Release(byte[] rest) => _rest.SetResult(rest);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_pending is null)
            {
                if (_released) return 0;
                _pending = await _rest.Task.WaitAsync(cancellationToken);
                _released = true;
            }
            var count = Math.Min(buffer.Length, _pending.Length);
            _pending.AsSpan(0, count).CopyTo(buffer.Span);
            _pending = count == _pending.Length ? null : _pending[count..];
            _firstReadDone.TrySetResult();
            return count;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
