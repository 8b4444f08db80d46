namespace Flamenco.Manager.Persistence;

/// <summary>Which job most recently got a last-rendered image (upstream's single <c>last_rendereds</c> row).</summary>
public interface ILastRenderedStore
{
    /// <summary>The job whose image came in last, or null when none ever did.</summary>
    Guid? LastRenderedJob();

    void SetLastRenderedJob(Guid jobId);

    /// <summary>Forgets the job if its image came in last: a deleted job has no images any more.</summary>
    void Forget(Guid jobId);
}

/// <summary>The one stored row.</summary>
public sealed class LastRenderedRecord
{
    public int Id { get; set; }
    public Guid JobId { get; set; }
    public DateTimeOffset Updated { get; set; }
}

internal sealed class LiteDbLastRenderedStore(FlamencoDatabase db, TimeProvider time) : ILastRenderedStore
{
    private const int RowId = 1;

    public Guid? LastRenderedJob() => db.LastRendered.FindById(RowId)?.JobId;

    public void SetLastRenderedJob(Guid jobId) =>
        db.InTransaction(() => db.LastRendered.Upsert(new LastRenderedRecord { Id = RowId, JobId = jobId, Updated = time.GetUtcNow() }));

    public void Forget(Guid jobId)
    {
        if (LastRenderedJob() == jobId) db.InTransaction(() => db.LastRendered.Delete(RowId));
    }
}
