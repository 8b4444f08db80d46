// Flamenco's task status, not System.Threading.Tasks.TaskStatus, is the one these tests talk about.
global using TaskStatus = Flamenco.Api.TaskStatus;
