namespace Flamenco.Plugins.JobTypes;

/// <summary>A loaded job type: its description for submitters, and the function that turns a job into tasks.</summary>
public interface IJobType
{
    /// <summary>Name, label, settings and etag, as served by <c>GET /api/v3/jobs/types</c>.</summary>
    JobTypeInfo Info { get; }

    /// <summary>
    /// Compiles a submitted job into tasks. Must honour <see cref="JobCompileContext.CancellationToken"/> and the
    /// compiler's own resource limits, and throw <see cref="JobTypeException"/> for anything the submitter should see.
    /// May be called concurrently.
    /// </summary>
    AuthoredJob Compile(JobToCompile job, JobCompileContext context);
}
