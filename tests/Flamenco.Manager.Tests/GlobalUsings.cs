// Flamenco's task status, not System.Threading.Tasks.TaskStatus.
global using TaskStatus = Flamenco.Api.TaskStatus;
