package dev.scangate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The scangate service: REST API, job queue, scan workers. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ScangateApplication {

  public static void main(String[] args) {
    SpringApplication.run(ScangateApplication.class, args);
  }
}
