using System.Net;
using System.Net.Http.Json;
using Flamenco.Api;
using Flamenco.Manager.Tests.LastRendered;
using Flamenco.Manager.Tests.Support;
using SkiaSharp;

namespace Flamenco.Manager.Tests.Api;

/// <summary>The last-rendered endpoints and the thumbnails at /job-files/ (manager.md §8.2 case 32, §8.6 case 77).</summary>
public sealed class LastRenderedApiTests(ManagerAppFactory factory) : IClassFixture<ManagerAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task GlobalLastRendered_NothingEverRendered_Is204()
    {
        using var fresh = new ManagerAppFactory();

        var response = await fresh.CreateClient().GetAsync("/api/v3/jobs/last-rendered");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentType);
    }

    [Fact]
    public async Task JobLastRendered_JobWithoutImageOrUnknownJob_Is204()
    {
        var job = await factory.SubmitAsync(_client, JobsApiTests.EchoSleep());

        Assert.Equal(HttpStatusCode.NoContent, (await _client.GetAsync($"/api/v3/jobs/{job.Id}/last-rendered")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.GetAsync($"/api/v3/jobs/{Guid.NewGuid()}/last-rendered")).StatusCode);
    }

    [Fact]
    public async Task LastRendered_AfterAnImageWasProcessed_PointsAtItsThumbnails()
    {
        var job = await factory.SubmitAsync(_client, JobsApiTests.EchoSleep());
        var jobId = Guid.Parse(job.Id);

        var published = await TestImages.QueueAndWaitAsync(factory.Services, jobId, TestImages.Jpeg(2520, 1080));

        var info = await _client.GetFromJsonAsync<JobLastRenderedImageInfo>($"/api/v3/jobs/{job.Id}/last-rendered", ManagerAppFactory.Json);
        Assert.Equal($"/job-files/job-{job.Id[..4]}/{job.Id}", info!.Base);
        Assert.Equal(["last-rendered.jpg", "last-rendered-small.jpg", "last-rendered-tiny.jpg"], info.Suffixes);
        Assert.Equal(published.Thumbnail.Base, info.Base);
        var global = await _client.GetFromJsonAsync<JobLastRenderedImageInfo>("/api/v3/jobs/last-rendered", ManagerAppFactory.Json);
        Assert.Equal(info.Base, global!.Base);

        var image = await _client.GetAsync($"{info.Base}/{info.Suffixes[0]}");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/jpeg", image.Content.Headers.ContentType!.MediaType);
        using var decoded = SKBitmap.Decode(await image.Content.ReadAsByteArrayAsync());
        Assert.Equal((1920, 822), (decoded.Width, decoded.Height));
    }
}
